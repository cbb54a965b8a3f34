// HTTP actions: templated requests run through a connector (Creator Studio's "HTTP action").
import { z } from 'zod';
import { connectorName } from '../connectors/connector.js';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');

export const actionInput = z
  .object({
    name: connectorName,
    description: z.string().max(2_000).default(''),
    connector: connectorName,
    method: z.enum(HTTP_METHODS),
    /** Path after the connector's base URL; `{{variables}}` allowed; query parameters go in `query`. */
    endpoint: z
      .string()
      .startsWith('/', 'must start with /')
      .refine((p) => !p.includes('?'), 'query parameters belong in `query`, not in the path'),
    headers: z.record(headerName, z.string()).default({}),
    query: z.record(z.string().min(1), z.string()).default({}),
    /** A JSON value or a string; strings inside are templated. */
    body: z.unknown().optional(),
    timeoutMs: z.number().int().min(100).max(300_000).optional(),
  })
  .strict()
  .meta({ id: 'ActionInput' });
export type ActionInput = z.infer<typeof actionInput>;

export const actionPatch = actionInput.omit({ name: true }).partial().strict().meta({ id: 'ActionPatch' });
export type ActionPatch = z.infer<typeof actionPatch>;

export interface Action extends Omit<ActionInput, 'body'> {
  readonly body?: unknown;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const actionRunInput = z
  .object({
    inputs: z.record(z.string(), z.unknown()).default({}),
    /** The user the action runs for; fills `meta_info.user.email_addr`. */
    user: z.email().optional(),
  })
  .strict()
  .meta({ id: 'ActionRunInput' });
export type ActionRunInput = z.infer<typeof actionRunInput>;

export interface ActionRunResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly durationMs: number;
}
