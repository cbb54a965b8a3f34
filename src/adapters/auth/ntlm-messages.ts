// NTLM wire messages (MS-NLMP §2.2.1): NEGOTIATE, CHALLENGE parsed, AUTHENTICATE built with NTLMv2 and a MIC.
import { messageIntegrityCode, ntlmV2Responses } from './ntlm-crypto.js';

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');
/** §2.2.2.5 flags Ferry asks for: UNICODE, OEM, REQUEST_TARGET, NTLM, ALWAYS_SIGN, ESS, TARGET_INFO, VERSION. */
const NEGOTIATE_FLAGS = 0x00000001 | 0x2 | 0x4 | 0x200 | 0x8000 | 0x80000 | 0x800000 | 0x02000000;
const UNICODE = 0x1;
const AV_EOL = 0;
const AV_FLAGS = 6;
const AV_TIMESTAMP = 7;
/** Windows 10 build 19041, NTLM revision 15 (§2.2.2.10); informational only. */
const VERSION = Buffer.from([10, 0, 0x61, 0x4a, 0, 0, 0, 15]);

/** NEGOTIATE_MESSAGE (§2.2.1.1) without domain or workstation (they go in AUTHENTICATE). */
export function negotiateMessage(): Buffer {
  const out = Buffer.alloc(40);
  SIGNATURE.copy(out, 0);
  out.writeUInt32LE(1, 8);
  out.writeUInt32LE(NEGOTIATE_FLAGS, 12);
  // Domain and workstation fields stay zero; payload offset 40 after the version.
  out.writeUInt32LE(40, 20);
  out.writeUInt32LE(40, 28);
  VERSION.copy(out, 32);
  return out;
}

export interface Challenge {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetInfo: Buffer;
  /** MsvAvTimestamp, when the server sent one: then the client uses it and sends a MIC. */
  readonly timestamp?: bigint | undefined;
  /** The message as received, for the MIC. */
  readonly raw: Buffer;
}

const field = (msg: Buffer, at: number): Buffer => {
  const length = msg.readUInt16LE(at);
  const offset = msg.readUInt32LE(at + 4);
  if (offset + length > msg.length) throw new RangeError('an NTLM message field runs past its end');
  return msg.subarray(offset, offset + length);
};

/** The AV pairs (§2.2.2.1) as [id, value]; stops at MsvAvEOL. */
export function avPairs(info: Buffer): [number, Buffer][] {
  const pairs: [number, Buffer][] = [];
  for (let at = 0; at + 4 <= info.length;) {
    const id = info.readUInt16LE(at);
    const length = info.readUInt16LE(at + 2);
    if (id === AV_EOL) break;
    pairs.push([id, info.subarray(at + 4, at + 4 + length)]);
    at += 4 + length;
  }
  return pairs;
}

/** Parses CHALLENGE_MESSAGE (§2.2.1.2); throws RangeError when it is not one. */
export function parseChallenge(raw: Buffer): Challenge {
  if (raw.length < 48 || !raw.subarray(0, 8).equals(SIGNATURE) || raw.readUInt32LE(8) !== 2)
    throw new RangeError('not an NTLM CHALLENGE message');
  const targetInfo = field(raw, 40);
  const stamp = avPairs(targetInfo).find(([id]) => id === AV_TIMESTAMP)?.[1];
  return {
    flags: raw.readUInt32LE(20),
    serverChallenge: raw.subarray(24, 32),
    targetInfo,
    timestamp: stamp?.length === 8 ? stamp.readBigUInt64LE(0) : undefined,
    raw,
  };
}

/** The server's AV pairs with MsvAvFlags bit 0x2 (a MIC is present) set, then MsvAvEOL. */
function withMicFlag(info: Buffer): Buffer {
  const parts: Buffer[] = [];
  let flags = 0;
  for (const [id, value] of avPairs(info)) {
    if (id === AV_FLAGS) flags = value.readUInt32LE(0);
    else parts.push(pair(id, value));
  }
  const value = Buffer.alloc(4);
  value.writeUInt32LE(flags | 0x2);
  return Buffer.concat([...parts, pair(AV_FLAGS, value), pair(AV_EOL, Buffer.alloc(0))]);
}

const pair = (id: number, value: Buffer): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUInt16LE(id, 0);
  head.writeUInt16LE(value.length, 2);
  return Buffer.concat([head, value]);
};

export interface Identity {
  readonly user: string;
  readonly domain: string;
  readonly workstation: string;
  /** NTOWFv2 of the user's password. */
  readonly responseKey: Buffer;
}

/**
 * AUTHENTICATE_MESSAGE (§2.2.1.3) with NTLMv2 responses (§3.3.2). When the server sent MsvAvTimestamp its time
 * is used, the LM response is Z(24) and a MIC over the three messages is added (§3.1.5.1.2).
 */
export function authenticateMessage(
  negotiate: Buffer,
  challenge: Challenge,
  id: Identity,
  clientChallenge: Buffer,
  now: bigint,
): Buffer {
  const mic = challenge.timestamp !== undefined;
  const targetInfo = mic ? withMicFlag(challenge.targetInfo) : challenge.targetInfo;
  const v2 = ntlmV2Responses({
    responseKey: id.responseKey,
    serverChallenge: challenge.serverChallenge,
    clientChallenge,
    time: challenge.timestamp ?? now,
    targetInfo,
  });
  const text = (s: string) =>
    challenge.flags & UNICODE ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'latin1');
  const payload = [
    mic ? Buffer.alloc(24) : v2.lmResponse,
    v2.ntResponse,
    text(id.domain),
    text(id.user),
    text(id.workstation),
    Buffer.alloc(0),
  ];
  const head = Buffer.alloc(88);
  SIGNATURE.copy(head, 0);
  head.writeUInt32LE(3, 8);
  let offset = head.length;
  payload.forEach((p, i) => {
    head.writeUInt16LE(p.length, 12 + i * 8);
    head.writeUInt16LE(p.length, 14 + i * 8);
    head.writeUInt32LE(offset, 16 + i * 8);
    offset += p.length;
  });
  head.writeUInt32LE(challenge.flags & NEGOTIATE_FLAGS, 60);
  VERSION.copy(head, 64);
  const message = Buffer.concat([head, ...payload]);
  if (mic) messageIntegrityCode(v2.sessionBaseKey, negotiate, challenge.raw, message).copy(message, 72);
  return message;
}
