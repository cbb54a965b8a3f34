// Mapping collections (moveworks.md §2): how a Message becomes a Moveworks payload, row by row.
import { z } from 'zod';

export const MAPPING_TYPES = ['static', 'field', 'formula', 'lookup'] as const;

/**
 * Where a row writes. Events API: the payload's Id, EventId, Recipients, Message, one context slot, or every slot.
 * Webhook listener: `Body` (the whole JSON body) or `Body.<name>[.<name>…]` (a field, nested by dots).
 */
export const destination = z
  .string()
  .regex(
    /^(Id|EventId|Recipients|Message|Context\.Slots|Context\.Slots\.[^\s.][^.]{0,199}|Body|Body(\.[^\s.][^.]{0,199}){1,10})$/,
    'must be Id, EventId, Recipients, Message, Context.Slots, Context.Slots.<name>, Body or Body.<name>',
  );

/** True for a row that writes into a webhook listener's body. */
export const writesBody = (destination: string): boolean =>
  destination === 'Body' || destination.startsWith('Body.');

const formulaText = z.string().min(1).max(20_000);

export const mappingRow = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('static'),
    destination,
    value: z.unknown(),
    description: z.string().max(2_000).optional(),
  }),
  z.strictObject({
    type: z.literal('field'),
    destination,
    /** A Message field: Id, Text, Detail, … or `CustomFields.<name>`. */
    field: z.string().min(1).max(300),
    description: z.string().max(2_000).optional(),
  }),
  z.strictObject({
    type: z.literal('formula'),
    destination,
    formula: formulaText,
    description: z.string().max(2_000).optional(),
  }),
  z.strictObject({
    type: z.literal('lookup'),
    destination,
    /** The Message field whose value is looked up. */
    field: z.string().min(1).max(300),
    /** The name of a lookup table of the collection. */
    table: z.string().min(1).max(200),
    description: z.string().max(2_000).optional(),
  }),
]);
export type MappingRow = z.infer<typeof mappingRow>;

export const lookupTable = z.strictObject({
  values: z.record(z.string(), z.unknown()),
  /** Used when the value is not in the table; absent → the row writes nothing. */
  default: z.unknown().optional(),
});

/** The fields without defaults: the input schema adds them, the patch leaves what is absent alone. */
const collectionFields = {
  name: z.string().trim().min(1).max(200).meta({ example: 'Moveworks Message Add From Ferry' }),
  dataType: z.literal('Message'),
  direction: z.literal('outbound'),
  trigger: z.literal('Add'),
  status: z.enum(['Enabled', 'Inactive']),
  description: z.string().max(2_000),
  sortOrder: z.number().int().min(0).max(1_000_000),
  /** A formula; false skips the transfer (recorded as skipped with the reason). */
  mappingFilter: formulaText,
  /** A formula; a non-empty string fails the transfer with that text. */
  errorFilter: formulaText,
  rows: z.array(mappingRow).max(200),
  lookups: z.record(z.string().min(1).max(200), lookupTable),
};

export const mappingCollectionInput = z
  .strictObject({
    ...collectionFields,
    dataType: collectionFields.dataType.default('Message'),
    direction: collectionFields.direction.default('outbound'),
    trigger: collectionFields.trigger.default('Add'),
    status: collectionFields.status.default('Enabled'),
    description: collectionFields.description.default(''),
    sortOrder: collectionFields.sortOrder.default(0),
    mappingFilter: collectionFields.mappingFilter.optional(),
    errorFilter: collectionFields.errorFilter.optional(),
    rows: collectionFields.rows.default([]),
    lookups: collectionFields.lookups.default({}),
  })
  .meta({ id: 'MappingCollectionInput' });
export type MappingCollectionInput = z.infer<typeof mappingCollectionInput>;

/** PATCH: every field optional and without a default, so a field left out keeps its stored value. */
export const mappingCollectionPatch = z
  .strictObject(collectionFields)
  .partial()
  .meta({ id: 'MappingCollectionPatch' });

export interface MappingCollection extends MappingCollectionInput {
  readonly id: string;
  readonly subscriptionId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const DEFAULT_COLLECTION_NAME = 'Moveworks Message Add From Ferry';

/** The default mapping (see default-mapping.ts) as ordinary rows a user can edit; no formula, so it stays fast. */
export function defaultCollection(): MappingCollectionInput {
  return mappingCollectionInput.parse({
    name: DEFAULT_COLLECTION_NAME,
    description: 'Created by "Create Default Mappings": the default mapping as rows you can change.',
    rows: [
      {
        type: 'field',
        destination: 'Id',
        field: 'Id',
        description: 'The Message Id is kept as the Moveworks id',
      },
      {
        type: 'field',
        destination: 'EventId',
        field: 'CustomFields.Moveworks Event Id',
        description: "Empty: the subscription's default event id",
      },
      {
        type: 'field',
        destination: 'Recipients',
        field: 'CustomFields.Moveworks Message Recipients',
        description: 'Split on commas, semicolons and spaces; duplicates removed',
      },
      { type: 'field', destination: 'Message', field: 'Text' },
      {
        type: 'field',
        destination: 'Message',
        field: 'Detail',
        description: 'Rows writing Message are joined with a line break (<br>)',
      },
      {
        type: 'field',
        destination: 'Context.Slots',
        field: 'CustomFields',
        description: 'Every custom field no other row reads becomes a context slot',
      },
    ],
  });
}
