// Shapes of /api/v1/tokens (admin API tokens), shared by the server and the CLI.
import { z } from 'zod';
import { view } from './view.js';

export const apiTokenView = view('ApiToken', {
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const createdApiToken = apiTokenView
  .extend({ token: z.string().meta({ description: 'Shown once; store it now.' }) })
  .meta({ id: 'CreatedApiToken' });

export const createTokenBody = z
  .object({ name: z.string().trim().min(1).max(100) })
  .strict()
  .meta({ id: 'CreateApiToken' });

export const tokenIdParam = z.object({ id: z.string().meta({ param: { name: 'id', in: 'path' } }) });
