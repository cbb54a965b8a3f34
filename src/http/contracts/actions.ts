// Shapes of /api/v1/actions, shared by the server and the CLI.
import { z } from 'zod';
import { view, stamps } from './view.js';
import { HTTP_METHODS } from '../../core/actions/action.js';

export const actionView = view('Action', {
  name: z.string(),
  description: z.string(),
  connector: z.string(),
  method: z.enum(HTTP_METHODS),
  endpoint: z.string(),
  headers: z.record(z.string(), z.string()),
  query: z.record(z.string(), z.string()),
  body: z.unknown().optional(),
  timeoutMs: z.number().optional(),
  ...stamps,
});
export type ActionView = z.infer<typeof actionView>;

export const actionRunResult = view('ActionRunResult', {
  status: z.number().int().meta({ description: 'HTTP status the system answered with.' }),
  headers: z.record(z.string(), z.string()),
  body: z.unknown().meta({ description: 'Parsed JSON when the answer is JSON, else text.' }),
  durationMs: z.number(),
});
export type ActionRunResultView = z.infer<typeof actionRunResult>;

export const launchAudienceView = view('LaunchAudience', {
  users: z.array(z.string()).meta({ description: 'The end users the action is launched to.' }),
  strictLogReduction: z.boolean().meta({
    description:
      'True when launched to more than 10 users: runs log only method, path template, status and duration.',
  }),
});
export type LaunchAudienceView = z.infer<typeof launchAudienceView>;
