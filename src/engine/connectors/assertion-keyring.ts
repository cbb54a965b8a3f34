// Ferry's private_key_jwt signing keys per connector: made on first use, sealed at rest, rotated with overlap.
import type { ClientAssertionAlgorithm } from '../../core/connectors/oauth2-client-auth.js';
import type { Clock } from '../../core/clock.js';
import type {
  ClientAssertionKey,
  ClientAssertionKeys,
  GeneratedKey,
  KeyPairGenerator,
  PublicJwk,
} from '../../core/ports/client-assertion-keys.js';
import type { Sealer } from '../../core/ports/sealer.js';
import type { CredentialStore, StoredCredential } from '../../core/ports/storage.js';

/** The credential subject the key set is kept under: never an end user's email (no `@`), never '' (own tokens). */
export const ASSERTION_KEYS_SUBJECT = '#client-assertion-keys';
/** Clock skew servers allow on `exp` (oidc-provider and most others: up to a minute). */
const SKEW_MS = 60_000;

interface StoredKey extends GeneratedKey {
  readonly createdAt: number;
  /**
   * `next`: published ahead of use, so servers that cache the JWKS (oidc-provider: at least 60 s) already hold it
   * when a rotation makes it current. `current`: signs. `retired`: replaced, published until `publishUntil`.
   */
  readonly state: 'next' | 'current' | 'retired';
  /** For a retired key: the last assertion it signed has expired by then (RFC 7523 §3 `exp`). */
  readonly publishUntil?: number | undefined;
}

export interface RotationResult {
  readonly kid: string;
  readonly alg: ClientAssertionAlgorithm;
  /** The key it replaced, published until `previousPublishedUntil` (ISO time). */
  readonly previousKid?: string | undefined;
  readonly previousPublishedUntil?: string | undefined;
}

export interface AssertionKeyringDeps {
  readonly credentials: CredentialStore;
  readonly sealer: Sealer;
  readonly clock: Clock;
  /** Makes key pairs (the auth adapter, with jose). */
  readonly generate: KeyPairGenerator;
}

/**
 * Keys are kept with the connector's credentials as one sealed JSON list, written compare-and-set, so two
 * processes that make a first key at once end up with the same one. Deleting the connector deletes its keys.
 */
export class AssertionKeyring implements ClientAssertionKeys {
  constructor(private readonly deps: AssertionKeyringDeps) {}

  async current(connector: string, alg: ClientAssertionAlgorithm): Promise<ClientAssertionKey> {
    for (;;) {
      const { keys, generation } = await this.read(connector);
      const found = keys.find((k) => k.state === 'current' && k.alg === alg);
      if (found !== undefined) return { kid: found.kid, alg: found.alg, privateJwk: found.privateJwk };
      const made = await this.make(alg, 'current');
      const next = await this.make(alg, 'next');
      if (await this.write(connector, [next, made, ...keys], generation)) return made;
    }
  }

  /**
   * The pre-published next key signs from now on and a new next key is published; the key it replaces stays
   * published for `lifetimeSeconds` (the longest an assertion it signed can still be presented) plus clock skew.
   * Retired keys past their time are removed.
   */
  async rotate(
    connector: string,
    alg: ClientAssertionAlgorithm,
    lifetimeSeconds: number,
  ): Promise<RotationResult> {
    for (;;) {
      const now = this.deps.clock.now();
      const { keys, generation } = await this.read(connector);
      const publishUntil = now + lifetimeSeconds * 1000 + SKEW_MS;
      const previous = keys.find((k) => k.state === 'current' && k.alg === alg);
      const promoted =
        keys.find((k) => k.state === 'next' && k.alg === alg) ?? (await this.make(alg, 'next'));
      const others = keys
        .filter((k) => k !== promoted && k !== previous)
        .filter((k) => k.publishUntil === undefined || k.publishUntil > now);
      const updated: StoredKey[] = [
        await this.make(alg, 'next'),
        { ...promoted, state: 'current' },
        ...(previous === undefined ? [] : [{ ...previous, state: 'retired' as const, publishUntil }]),
        ...others,
      ];
      if (await this.write(connector, updated, generation))
        return {
          kid: promoted.kid,
          alg,
          previousKid: previous?.kid,
          previousPublishedUntil: previous === undefined ? undefined : new Date(publishUntil).toISOString(),
        };
    }
  }

  /** The public keys a server may verify this connector's assertions with: next, current and overlapping ones. */
  async published(connector: string): Promise<PublicJwk[]> {
    const now = this.deps.clock.now();
    const { keys } = await this.read(connector);
    return keys.filter((k) => k.publishUntil === undefined || k.publishUntil > now).map((k) => k.publicJwk);
  }

  private async make(alg: ClientAssertionAlgorithm, state: StoredKey['state']): Promise<StoredKey> {
    return { ...(await this.deps.generate(alg)), createdAt: this.deps.clock.now(), state };
  }

  private async read(connector: string): Promise<{ keys: StoredKey[]; generation: number }> {
    const row = await this.deps.credentials.get(connector, ASSERTION_KEYS_SUBJECT);
    if (row === undefined) return { keys: [], generation: 0 };
    const { keys } = JSON.parse(row.sealedJson) as { keys: string };
    return { keys: JSON.parse(this.deps.sealer.unseal(keys)) as StoredKey[], generation: row.generation };
  }

  private write(connector: string, keys: readonly StoredKey[], generation: number): Promise<boolean> {
    const row: Omit<StoredCredential, 'generation'> = {
      connector,
      subject: ASSERTION_KEYS_SUBJECT,
      sealedJson: JSON.stringify({ keys: this.deps.sealer.seal(JSON.stringify(keys)) }),
      expiresAt: null,
      needsReauth: false,
      updatedAt: new Date(this.deps.clock.now()).toISOString(),
    };
    return this.deps.credentials.compareAndSet(row, generation);
  }
}
