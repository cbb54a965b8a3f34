// Request and response shapes of /api/v1/connectors, shared by the server and the CLI.
import { z } from 'zod';
import { view, stamps } from './view.js';

const secretFlag = z.object({ set: z.literal(true) });

export const connectorView = view('Connector', {
  name: z.string(),
  description: z.string(),
  baseUrl: z.string(),
  auth: z
    .looseObject({ type: z.string() })
    .meta({ description: 'The auth config; secret fields appear only as {"set": true}.' }),
  testPath: z.string().optional(),
  ...stamps,
});
export type ConnectorView = z.infer<typeof connectorView>;
export { secretFlag };

export const connectorTestResult = view('ConnectorTestResult', {
  ok: z.boolean(),
  steps: z.array(z.string()).meta({ description: 'What was sent, secrets masked.' }),
  expiresInSeconds: z.number().optional(),
  request: z
    .object({ method: z.string(), url: z.string(), status: z.number(), durationMs: z.number() })
    .optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ConnectorTestResult = z.infer<typeof connectorTestResult>;

export const nameParam = z.object({
  name: z.string().meta({ param: { name: 'name', in: 'path' }, example: 'servicenow' }),
});
