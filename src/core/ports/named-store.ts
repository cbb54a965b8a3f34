// The shape of a store of rows found by a unique key: connectors, actions, subscriptions.
/**
 * Rows kept by a unique key (a name, or an id that a name also finds): insert and update resolve false when the
 * key or name is taken or the row is missing, and write nothing then; delete also removes what the row owns.
 */
export interface NamedStore<T> {
  insert(row: T): Promise<boolean>;
  get(key: string): Promise<T | undefined>;
  list(): Promise<T[]>;
  update(row: T): Promise<boolean>;
  delete(key: string): Promise<boolean>;
}
