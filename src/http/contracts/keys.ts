// Shapes of /api/v1/keys (master key rotation), shared by the server and the CLI.
import { z } from 'zod';

export const keyRotationResult = z
  .object({
    primaryKeyId: z.string(),
    previousKeyIds: z.array(z.string()),
    resealed: z.number().int().meta({ description: 'Sealed values rewritten under the primary key.' }),
    source: z.enum(['file', 'env']),
    hint: z.string().optional(),
  })
  .meta({ id: 'KeyRotationResult' });
export type KeyRotationResult = z.infer<typeof keyRotationResult>;
