// The default mapping of a webhook listener subscription: the Message as JSON, custom fields included.
import type { Message } from '../messages/message.js';
import { mappingCollectionInput, type MappingCollectionInput } from './mapping.js';

export const LISTENER_COLLECTION_NAME = 'Moveworks Listener Notify From Ferry';

/** The Message fields the default body carries, in this order; Detail and CreatedTime only when present. */
const BODY_FIELDS = [
  'Id',
  'Type',
  'Severity',
  'Text',
  'Detail',
  'CustomFields',
  'ExternalIds',
  'Links',
  'CreatedTime',
] as const;

/**
 * The body a listener gets without a mapping collection: the Message as Ferry stores it, custom fields as an
 * object of name → value. Listener filters and mappings in Moveworks read it as `data.<field>`.
 */
export function defaultListenerBody(message: Message): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of BODY_FIELDS) {
    const value: unknown = field === 'CustomFields' ? { ...message.CustomFields } : message[field];
    if (value !== undefined && value !== null) body[field] = value;
  }
  return body;
}

/** The default listener mapping as ordinary rows ("Create Default Mappings" on a listener subscription). */
export function defaultListenerCollection(): MappingCollectionInput {
  return mappingCollectionInput.parse({
    name: LISTENER_COLLECTION_NAME,
    description:
      'Created by "Create Default Mappings": the Message as the JSON body of the webhook listener, as rows you can change.',
    rows: BODY_FIELDS.map((field) => ({
      type: 'field',
      destination: `Body.${field}`,
      field,
      ...(field === 'CustomFields'
        ? { description: 'Every custom field no other row reads, as an object of name → value' }
        : {}),
    })),
  });
}
