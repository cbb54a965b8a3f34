// The connector: a named base URL plus an auth config, as Creator Studio defines it.
import { z } from 'zod';
import { authConfig, type AuthConfig } from './auth-config.js';

export const connectorName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be 1-63 lowercase letters, digits, "-" or "_", starting with a letter or digit',
  );

const baseUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });
const testPath = z.string().startsWith('/', 'must start with /');

export const connectorInput = z
  .object({
    name: connectorName,
    description: z.string().max(2_000).default(''),
    baseUrl,
    auth: authConfig,
    /** Optional path (after the base URL) that `connectors test` calls with the credentials. */
    testPath: testPath.optional(),
  })
  .strict()
  .meta({ id: 'ConnectorInput' });
export type ConnectorInput = z.infer<typeof connectorInput>;

/**
 * A partial update. `auth` may be partial when its `type` is unchanged: absent secrets keep their value.
 * Changing the type needs a complete auth config.
 */
export const connectorPatch = z
  .object({
    description: z.string().max(2_000).optional(),
    baseUrl: baseUrl.optional(),
    auth: z.looseObject({ type: z.string().optional() }).optional(),
    testPath: testPath.nullable().optional(),
  })
  .strict()
  .meta({ id: 'ConnectorPatch' });
export type ConnectorPatch = z.infer<typeof connectorPatch>;

export interface Connector {
  readonly name: string;
  readonly description: string;
  readonly baseUrl: string;
  readonly auth: AuthConfig;
  readonly testPath?: string | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}
