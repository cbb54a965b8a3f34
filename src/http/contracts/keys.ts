// Shapes of /api/v1/keys (master key rotation), shared by the server and the CLI.
import { z } from 'zod';
import { view } from './view.js';

export const keyRotationResult = view('KeyRotationResult', {
  primaryKeyId: z.string(),
  previousKeyIds: z.array(z.string()),
  resealed: z.number().int().meta({ description: 'Sealed values rewritten under the primary key.' }),
  source: z.enum(['file', 'env']),
  hint: z.string().optional(),
});
export type KeyRotationResult = z.infer<typeof keyRotationResult>;
