// The README's auth-types table and `ferry connectors add --help` name every auth type and the fields users set.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authConfig } from '../../src/core/connectors/auth-config.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('### Auth types'), readme.indexOf('## End users'));
const rows = new Map(
  section
    .split('\n')
    .map((line) => /^\| `([a-z0-9_]+)` +\|(.*)\|$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => [m[1], m[2]]),
);
/** What the table says about the OAuth 2.0 grants and jwt at once, in the paragraph under it. */
const shared = section.slice(section.lastIndexOf('|'));

describe('README auth types', () => {
  it.each(authConfig.options.map((o) => [o.shape.type.value, Object.keys(o.shape)] as const))(
    'has a row for %s naming each of its fields',
    (type, fields) => {
      const row = rows.get(type);
      expect(row, `no row for ${type}`).toBeDefined();
      const oauth = type.startsWith('oauth2_') || type === 'jwt';
      const missing = fields.filter(
        (f) => f !== 'type' && !row?.includes(`\`${f}\``) && !(oauth && shared.includes(`\`${f}\``)),
      );
      expect(missing).toEqual([]);
    },
  );
});
