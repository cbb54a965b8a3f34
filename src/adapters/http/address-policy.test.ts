import { describe, expect, it } from 'vitest';
import { createAddressPolicy, normalizeHost } from './address-policy.js';
import { ConfigError } from '../../core/errors.js';

const policy = createAddressPolicy();

describe('address policy', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    '[::ffff:169.254.169.254]',
    '[::ffff:a9fe:a9fe]',
    '[64:ff9b::a9fe:a9fe]',
    '[fe80::1]',
    '[febf::1]',
    '[fd00:ec2::254]',
    '100.100.100.200',
    '0.0.0.0',
    '[::]',
  ])('refuses the address %s', (host) => {
    expect(policy.refusal(host)).toMatch(/link-local, unspecified or cloud metadata/);
  });

  it.each([
    'metadata.google.internal',
    'METADATA.google.internal.',
    'metadata',
    'instance-data',
    'metadata.goog',
  ])('refuses the metadata host name %s', (host) => {
    expect(policy.refusal(host)).toMatch(/cloud metadata host name/);
  });

  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '[::1]',
    '10.0.0.5',
    '192.168.1.1',
    '172.16.0.1',
    '[fd12::1]',
    '100.64.0.1',
    '8.8.8.8',
    'api.example.com',
    'localhost',
  ])('allows %s (loopback, private and public stay reachable)', (host) => {
    expect(policy.refusal(host)).toBeUndefined();
  });

  it('judges every address a name resolves to, naming the host', () => {
    expect(policy.refusal('api.example.com', '93.184.216.34')).toBeUndefined();
    expect(policy.refusal('rebind.example.com', '169.254.169.254')).toBe(
      'rebind.example.com resolves to 169.254.169.254, a link-local, unspecified or cloud metadata address',
    );
    expect(policy.refusal('rebind.example.com', '::ffff:169.254.169.254')).toBeDefined();
    expect(policy.refusal('rebind.example.com', 'fe80::1%eth0')).toBeDefined();
  });

  it('lifts the block for allow-listed host names, addresses and CIDR ranges', () => {
    const allowing = createAddressPolicy([
      'metadata.google.internal',
      '169.254.10.0/24',
      '100.100.100.200',
      'fe80::/10',
    ]);
    expect(allowing.refusal('metadata.google.internal')).toBeUndefined();
    expect(allowing.refusal('metadata.google.internal', '169.254.169.254')).toBeUndefined();
    expect(allowing.refusal('169.254.10.7')).toBeUndefined();
    expect(allowing.refusal('other.test', '169.254.10.7')).toBeUndefined();
    expect(allowing.refusal('100.100.100.200')).toBeUndefined();
    expect(allowing.refusal('[fe80::abcd]')).toBeUndefined();
    expect(allowing.refusal('169.254.169.254')).toBeDefined();
    expect(allowing.refusal('metadata')).toBeDefined();
  });

  it('rejects allow-list entries that are not hosts, addresses or ranges, naming each', () => {
    const attempt = () => createAddressPolicy(['ok.example.com', '10.0.0.0/33', 'not a host', 'x/8']);
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const issues = (err as ConfigError).issues;
      expect(issues.map((i) => i.path)).toEqual([
        'FERRY_OUTBOUND_ALLOW',
        'FERRY_OUTBOUND_ALLOW',
        'FERRY_OUTBOUND_ALLOW',
      ]);
      expect(issues.map((i) => i.message).join('\n')).toMatch(/10\.0\.0\.0\/33[\s\S]*not a host[\s\S]*x\/8/);
    }
  });

  it('normalises hosts: case, IPv6 brackets, trailing dot', () => {
    expect(normalizeHost('[FE80::1]')).toBe('fe80::1');
    expect(normalizeHost('Metadata.Google.Internal.')).toBe('metadata.google.internal');
  });
});
