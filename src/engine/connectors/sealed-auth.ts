// Converts an auth config to its stored JSON with every secret field sealed, and back.
import { authConfig, isSecretField, type AuthConfig } from '../../core/connectors/auth-config.js';
import type { Sealer } from '../../core/ports/sealer.js';

export function sealAuth(auth: AuthConfig, sealer: Sealer): string {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(auth as Record<string, unknown>)) {
    if (!isSecretField(key)) out[key] = value;
    else if (typeof value === 'string') out[key] = sealer.seal(value);
    else if (value && typeof value === 'object')
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, string>).map(([k, v]) => [k, sealer.seal(v)]),
      );
  }
  return JSON.stringify(out);
}

export function unsealAuth(json: string, sealer: Sealer): AuthConfig {
  const stored = JSON.parse(json) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (!isSecretField(key)) out[key] = value;
    else if (typeof value === 'string') out[key] = sealer.unseal(value);
    else if (value && typeof value === 'object')
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, string>).map(([k, v]) => [k, sealer.unseal(v)]),
      );
  }
  return authConfig.parse(out);
}
