// Input of "create an action from cURL": the pasted command and how to name what it creates.
import { z } from 'zod';
import { connectorName } from '../connectors/connector.js';

export const curlImportInput = z
  .object({
    /** The whole command as pasted, `curl ...`, line continuations allowed. */
    command: z.string().min(1).max(100_000),
    /** The action's name; default from the method and the last path segments. */
    name: connectorName.optional(),
    /** Put the action on this connector (it must fit the URL) or create it; default: match the base URL. */
    connector: connectorName.optional(),
    description: z.string().max(2_000).optional(),
    /** Only report what would be created. */
    dryRun: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'CurlImportInput' });
export type CurlImportInput = z.infer<typeof curlImportInput>;
