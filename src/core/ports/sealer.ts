// The sealer port: authenticated encryption of secrets at rest, each value naming the key that sealed it.

/** `fsv1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`; storage finds sealed values in JSON with this pattern. */
export const SEALED_PATTERN = /fsv1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+/g;
export const isSealed = (value: string): boolean => /^fsv1\.[0-9a-f]{16}\.[A-Za-z0-9_-]+$/.test(value);

export interface Sealer {
  /** Id of the key new values are sealed with. */
  readonly primaryKeyId: string;
  seal(plaintext: string): string;
  /** Throws CryptoError ERR_SECRET_KEY_UNKNOWN or ERR_SECRET_UNSEAL_FAILED. */
  unseal(sealed: string): string;
  /** Key id a sealed value names. */
  keyIdOf(sealed: string): string;
}
