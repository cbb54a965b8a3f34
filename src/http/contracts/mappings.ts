// Request and response shapes of mapping collections and formula evaluation, shared by the server and the CLI.
import { z } from 'zod';
import { view } from './view.js';
import { mappingCollectionInput } from '../../core/mappings/mapping.js';

export const mappingCollectionView = mappingCollectionInput
  .extend({ id: z.string(), subscriptionId: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .meta({ id: 'MappingCollection' });
export type MappingCollectionView = z.infer<typeof mappingCollectionView>;

export const collectionParams = z.object({
  id: z.string().meta({ param: { name: 'id', in: 'path' }, example: 'Moveworks - Production' }),
  collection: z
    .string()
    .meta({ param: { name: 'collection', in: 'path' }, example: 'Moveworks Message Add From Ferry' }),
});

export const evaluateInput = z
  .strictObject({
    message: z.unknown().meta({ description: 'A sample Message, as POST /messages takes it.' }),
    formula: z.string().min(1).max(20_000).optional().meta({ description: 'One formula to evaluate.' }),
    collection: mappingCollectionInput
      .optional()
      .meta({ description: 'A whole collection (unsaved) to run; or name `subscription` to use its own.' }),
    subscription: z
      .string()
      .optional()
      .meta({ description: 'Use this subscription’s mapping and default event id.' }),
  })
  .meta({ id: 'FormulaEvaluateInput' });

export const evaluateResult = view('FormulaEvaluateResult', {
  value: z.unknown().optional().meta({ description: 'What the formula returned.' }),
  outcome: z
    .object({
      kind: z.enum(['payload', 'body', 'skipped', 'failed']),
      payload: z.unknown().optional().meta({ description: 'The Events API payload that would be sent.' }),
      body: z.unknown().optional().meta({ description: 'The webhook listener body that would be sent.' }),
      code: z.string().optional(),
      text: z.string().optional(),
    })
    .optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type EvaluateView = z.infer<typeof evaluateResult>;
