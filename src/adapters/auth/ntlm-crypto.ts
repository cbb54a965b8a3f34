// NTLMv2 responses (MS-NLMP §3.3.2): NTOWFv2, NTProofStr, the LMv2 response and the session base key.
import { createHmac } from 'node:crypto';

const utf16 = (text: string): Buffer => Buffer.from(text, 'utf16le');
const hmacMd5 = (key: Uint8Array, ...parts: Uint8Array[]): Buffer => {
  const h = createHmac('md5', key);
  for (const p of parts) h.update(p);
  return h.digest();
};

/**
 * NTOWFv2 (= LMOWFv2): HMAC_MD5(MD4(UNICODE(password)), UNICODE(UPPER(user) + domain)). MD4 comes from
 * hash-wasm: Node 20's OpenSSL 3 keeps MD4 in the legacy provider, off by default.
 */
export async function ntowfV2(user: string, password: string, domain: string): Promise<Buffer> {
  // hash-wasm (Node's crypto has no MD4) loads on the first NTLM handshake, not in every thread of every serve.
  const { md4 } = await import('hash-wasm');
  const ntHash = Buffer.from(await md4(utf16(password)), 'hex');
  return hmacMd5(ntHash, utf16(user.toUpperCase() + domain));
}

export interface V2Input {
  readonly responseKey: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly clientChallenge: Uint8Array;
  /** 100 ns intervals since 1601-01-01 (FILETIME): the server's MsvAvTimestamp, or now. */
  readonly time: bigint;
  /** The AV pairs the AUTHENTICATE message carries (the server's, with MsvAvFlags when a MIC is sent). */
  readonly targetInfo: Uint8Array;
}

export interface V2Responses {
  readonly ntProofStr: Buffer;
  /** NTProofStr followed by the temp blob (NTLMv2_CLIENT_CHALLENGE, §2.2.2.7). */
  readonly ntResponse: Buffer;
  /** HMAC_MD5(ResponseKeyLM, ServerChallenge + ClientChallenge) + ClientChallenge. */
  readonly lmResponse: Buffer;
  readonly sessionBaseKey: Buffer;
}

/** ComputeResponse for NTLMv2 (§3.3.2). */
export function ntlmV2Responses(input: V2Input): V2Responses {
  const time = Buffer.alloc(8);
  time.writeBigUInt64LE(input.time);
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    time,
    input.clientChallenge,
    Buffer.alloc(4),
    input.targetInfo,
    Buffer.alloc(4),
  ]);
  const ntProofStr = hmacMd5(input.responseKey, input.serverChallenge, temp);
  const lmProof = hmacMd5(input.responseKey, input.serverChallenge, input.clientChallenge);
  return {
    ntProofStr,
    ntResponse: Buffer.concat([ntProofStr, temp]),
    lmResponse: Buffer.concat([lmProof, input.clientChallenge]),
    sessionBaseKey: hmacMd5(input.responseKey, ntProofStr),
  };
}

/** MIC (§3.1.5.1.2): HMAC_MD5(ExportedSessionKey, NEGOTIATE + CHALLENGE + AUTHENTICATE with MIC zeroed). */
export const messageIntegrityCode = (
  sessionKey: Uint8Array,
  negotiate: Uint8Array,
  challenge: Uint8Array,
  authenticate: Uint8Array,
): Buffer => hmacMd5(sessionKey, negotiate, challenge, authenticate);

/** Unix milliseconds as FILETIME (100 ns since 1601-01-01). */
export const fileTime = (ms: number): bigint => (BigInt(Math.floor(ms)) + 11_644_473_600_000n) * 10_000n;
