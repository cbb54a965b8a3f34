// A mapping collection as the service sees it and as storage keeps it (its definition as JSON), and as exported.
import {
  mappingCollectionInput,
  type MappingCollection,
  type MappingCollectionInput,
} from '../../core/mappings/mapping.js';
import type { StoredCollection } from '../../core/ports/delivery-storage.js';

export function fromRow(row: StoredCollection): MappingCollection {
  const input = mappingCollectionInput.parse(JSON.parse(row.definitionJson));
  return {
    ...input,
    id: row.id,
    subscriptionId: row.subscriptionId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toRow(
  id: string,
  subscriptionId: string,
  input: MappingCollectionInput,
  createdAt: string,
  updatedAt: string,
): StoredCollection {
  return {
    id,
    subscriptionId,
    name: input.name,
    sortOrder: input.sortOrder,
    definitionJson: JSON.stringify(input),
    createdAt,
    updatedAt,
  };
}

const STORED_ONLY = new Set(['id', 'subscriptionId', 'createdAt', 'updatedAt']);

export function exportOf(c: MappingCollection): MappingCollectionInput {
  return mappingCollectionInput.parse(
    Object.fromEntries(Object.entries(c).filter(([k]) => !STORED_ONLY.has(k))),
  );
}
