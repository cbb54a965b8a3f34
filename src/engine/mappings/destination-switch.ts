// When a subscription moves to another destination kind, its mapping collections follow: misfits are set Inactive.
import { LISTENER_COLLECTION_NAME } from '../../core/mappings/listener-mapping.js';
import { DEFAULT_COLLECTION_NAME, writesBody, type MappingCollection } from '../../core/mappings/mapping.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import type { MappingService } from './mapping-service.js';

/** True when every row of the collection writes where the destination kind reads (Body rows for a listener). */
export function fitsDestination(
  collection: MappingCollection,
  sub: Pick<Subscription, 'destination'>,
): boolean {
  const listener = sub.destination === 'listener';
  return collection.rows.every((r) => writesBody(r.destination) === listener);
}

/**
 * After a change of destination (Events API ↔ webhook listener): every Enabled collection made for the other kind
 * is set Inactive (kept, so moving back is one update away), and with "Create Default Mappings" on, the new
 * kind's default collection is enabled, or created when it does not exist. Nothing already delivered is touched.
 */
export async function switchCollections(mappings: MappingService, sub: Subscription): Promise<void> {
  const collections = await mappings.list(sub.id);
  for (const c of collections)
    if (c.status === 'Enabled' && !fitsDestination(c, sub))
      await mappings.update(sub.id, c.id, { status: 'Inactive' });
  if (!sub.createDefaultMappings) return;
  const name = sub.destination === 'listener' ? LISTENER_COLLECTION_NAME : DEFAULT_COLLECTION_NAME;
  const own = collections.find((c) => c.name === name && fitsDestination(c, sub));
  if (own === undefined) await mappings.createDefault(sub.id, sub.destination);
  else if (own.status !== 'Enabled') await mappings.update(sub.id, own.id, { status: 'Enabled' });
}
