// Test helper: a DNS lookup that answers from a table, so tests can point any name at any address.
import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/** Resolves names listed in `table` to their addresses, in order; other names fail with ENOTFOUND. */
export function fakeLookup(table: Readonly<Record<string, readonly string[]>>): LookupFunction {
  return (hostname, options, callback) => {
    const addresses: LookupAddress[] = (table[hostname] ?? []).map((address) => ({
      address,
      family: isIP(address),
    }));
    const first = addresses[0];
    if (first === undefined) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '');
    } else if (options.all === true) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
}
