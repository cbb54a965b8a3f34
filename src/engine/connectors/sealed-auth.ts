// Converts an auth config to its stored JSON with every secret field sealed, and back.
import { authConfig, isSecretField, type AuthConfig } from '../../core/connectors/auth-config.js';
import type { Sealer } from '../../core/ports/sealer.js';

/** Applies `f` to every secret field of `fields` (a string, or each value of a map of strings); others stay. */
function mapSecrets(fields: Record<string, unknown>, f: (value: string) => string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (!isSecretField(key)) out[key] = value;
    else if (typeof value === 'string') out[key] = f(value);
    else if (value && typeof value === 'object')
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, string>).map(([k, v]) => [k, f(v)]),
      );
  }
  return out;
}

export function sealAuth(auth: AuthConfig, sealer: Sealer): string {
  return JSON.stringify(mapSecrets(auth, (v) => sealer.seal(v)));
}

export function unsealAuth(json: string, sealer: Sealer): AuthConfig {
  return authConfig.parse(mapSecrets(JSON.parse(json) as Record<string, unknown>, (v) => sealer.unseal(v)));
}
