// Which hosts and addresses outbound requests may reach: link-local and cloud metadata are refused unless allowed.
import { BlockList, isIP } from 'node:net';
import { ConfigError } from '../../core/errors.js';

/** IPv4 ranges refused by default: "this network" (incl. 0.0.0.0), link-local (AWS/GCP/Azure metadata), Alibaba. */
const BLOCKED_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.100.100.200', 32],
];

/** IPv6 ranges refused by default: unspecified, link-local, AWS metadata over IPv6. */
const BLOCKED_V6: readonly (readonly [string, number])[] = [
  ['::', 128],
  ['fe80::', 10],
  ['fd00:ec2::254', 128],
];

/** Host names of cloud metadata services; the addresses they resolve to are refused as well. */
const METADATA_NAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'metadata.azure.internal',
  'metadata.tencentyun.com',
  'instance-data',
  'instance-data.ec2.internal',
]);

const VERDICT_CACHE_SIZE = 1_000;

export interface AddressPolicy {
  /**
   * Why `host` (a URL host name or IP literal, brackets allowed) may not be reached, or undefined when it may.
   * With `address`, judges that resolved address of `host` instead; an allow-listed host name passes all.
   */
  refusal(host: string, address?: string): string | undefined;
}

/** Lower case, no IPv6 brackets, no trailing dot: the form both the URL and the resolver agree on. */
export function normalizeHost(host: string): string {
  const h = host.toLowerCase();
  const unbracketed = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

const family = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 4 ? 'ipv4' : 'ipv6');

/**
 * Builds the policy. `allow` lists host names, IP addresses or CIDR ranges (config `outboundAllow`) that are
 * reachable although blocked by default. Throws ConfigError naming every entry that is not one of those.
 */
export function createAddressPolicy(allow: readonly string[] = []): AddressPolicy {
  const blocked = new BlockList();
  for (const [net, prefix] of BLOCKED_V4) {
    blocked.addSubnet(net, prefix, 'ipv4');
    // IPv4-mapped forms (::ffff:a.b.c.d) match IPv4 rules by themselves; NAT64 (64:ff9b::/96) does not.
    blocked.addSubnet(`64:ff9b::${net}`, 96 + prefix, 'ipv6');
  }
  for (const [net, prefix] of BLOCKED_V6) blocked.addSubnet(net, prefix, 'ipv6');

  const allowedNames = new Set<string>();
  const allowed = new BlockList();
  const bad: string[] = [];
  for (const raw of allow) {
    const entry = normalizeHost(raw.trim());
    const [net = '', prefixText] = entry.split('/', 2);
    const prefix = Number(prefixText);
    const max = isIP(net) === 4 ? 32 : 128;
    if (prefixText !== undefined) {
      if (isIP(net) !== 0 && /^\d+$/.test(prefixText) && prefix <= max)
        allowed.addSubnet(net, prefix, family(net));
      else bad.push(raw);
    } else if (isIP(entry) !== 0) allowed.addAddress(entry, family(entry));
    else if (/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(entry)) allowedNames.add(entry);
    else bad.push(raw);
  }
  if (bad.length > 0) {
    const issues = bad.map((b) => ({
      path: 'FERRY_OUTBOUND_ALLOW',
      code: 'invalid_format',
      message: `"${b}" is not a host name, IP address or CIDR range`,
    }));
    throw new ConfigError(`invalid configuration: ${issues.map((i) => i.message).join('; ')}`, issues);
  }

  const blockedIp = (ip: string): boolean => !allowed.check(ip, family(ip)) && blocked.check(ip, family(ip));
  const KIND = 'a link-local, unspecified or cloud metadata address';

  const judge = (hostInput: string, addressInput: string | undefined): string | undefined => {
    const host = normalizeHost(hostInput);
    if (allowedNames.has(host)) return undefined;
    if (addressInput !== undefined) {
      const address = normalizeHost(addressInput);
      return blockedIp(address) ? `${host} resolves to ${address}, ${KIND}` : undefined;
    }
    if (isIP(host) !== 0) return blockedIp(host) ? `${host} is ${KIND}` : undefined;
    return METADATA_NAMES.has(host) ? `${host} is a cloud metadata host name` : undefined;
  };
  // The policy never changes, and a busy subscription asks about the same host thousands of times a second.
  const verdicts = new Map<string, string | undefined>();
  return {
    refusal(host, address) {
      const key = address === undefined ? host : `${host} ${address}`;
      if (verdicts.has(key)) return verdicts.get(key);
      if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.clear();
      const verdict = judge(host, address);
      verdicts.set(key, verdict);
      return verdict;
    },
  };
}
