// Response of POST /api/v1/actions/import-curl, shared by the server and the CLI.
import { z } from 'zod';
import { actionView } from './actions.js';

const where = z
  .string()
  .meta({ description: 'Where in the command, e.g. `header Authorization`; never the value.' });

export const curlImportResult = z
  .object({
    dryRun: z.boolean(),
    action: actionView.partial({ createdAt: true, updatedAt: true }),
    connector: z.object({
      name: z.string(),
      created: z.boolean().meta({ description: 'True when the import made this connector.' }),
      baseUrl: z.string(),
      auth: z.looseObject({}).meta({ description: 'Its auth config; secrets appear only as {"set": true}.' }),
    }),
    secrets: z.array(z.object({ where, storedAs: z.string() })).meta({
      description: 'Credentials found in the command and kept (sealed) on the connector.',
    }),
    dropped: z.array(z.object({ where, why: z.string() })).meta({
      description: 'Credentials found but kept nowhere, and why; they are not in the action either.',
    }),
  })
  .meta({ id: 'CurlImportResult' });
export type CurlImportResultView = z.infer<typeof curlImportResult>;
