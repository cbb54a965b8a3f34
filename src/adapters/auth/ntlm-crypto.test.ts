// NTLMv2 against the test vectors of MS-NLMP §4.2.4 (User "User", Domain "Domain", Password "Password").
import { describe, expect, it } from 'vitest';
import { authenticateMessage, avPairs, negotiateMessage, parseChallenge } from './ntlm-messages.js';
import { ntlmV2Responses, ntowfV2 } from './ntlm-crypto.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const serverChallenge = hex('01 23 45 67 89 ab cd ef');
const clientChallenge = hex('aa aa aa aa aa aa aa aa');
const utf16 = (s: string) => Buffer.from(s, 'utf16le');
/** §4.2.4: MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL. */
const targetInfo = Buffer.concat([
  hex('02 00 0c 00'),
  utf16('Domain'),
  hex('01 00 0c 00'),
  utf16('Server'),
  hex('00 00 00 00'),
]);

describe('NTLMv2 (MS-NLMP §4.2.4)', () => {
  it('computes NTOWFv2 = ResponseKeyNT of §4.2.4.1.1', async () => {
    const key = await ntowfV2('User', 'Password', 'Domain');
    expect(key.toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('computes the LMv2 response, NTProofStr and session base key of §4.2.4.1.2 and §4.2.4.2', async () => {
    const responseKey = await ntowfV2('User', 'Password', 'Domain');
    const v2 = ntlmV2Responses({ responseKey, serverChallenge, clientChallenge, time: 0n, targetInfo });
    expect(v2.lmResponse.toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(v2.ntProofStr.toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(v2.sessionBaseKey.toString('hex')).toBe('8de40ccadbc14a82f15cb0ad0de95ca3');
    // temp: 0x0101, Z(6), Time 0, ClientChallenge, Z(4), the AV pairs, Z(4).
    expect(v2.ntResponse.subarray(16).toString('hex')).toBe(
      `0101000000000000${'00'.repeat(8)}${'aa'.repeat(8)}00000000${targetInfo.toString('hex')}00000000`,
    );
  });

  it('parses the §4.2.4.3 CHALLENGE message and puts the same responses in AUTHENTICATE', async () => {
    const challenge = Buffer.concat([
      hex('4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000'),
      hex('24002400 44000000 060070170000000f'),
      utf16('Domain'),
      targetInfo,
    ]);
    const parsed = parseChallenge(challenge);
    expect(parsed.serverChallenge).toEqual(serverChallenge);
    expect(parsed.targetInfo).toEqual(targetInfo);
    expect(parsed.timestamp).toBeUndefined();
    expect(avPairs(parsed.targetInfo).map(([id]) => id)).toEqual([2, 1]);
    const identity = {
      user: 'User',
      domain: 'Domain',
      workstation: 'COMPUTER',
      responseKey: await ntowfV2('User', 'Password', 'Domain'),
    };
    const msg = authenticateMessage(negotiateMessage(), parsed, identity, clientChallenge, 0n);
    const fieldAt = (at: number) =>
      msg.subarray(msg.readUInt32LE(at + 4), msg.readUInt32LE(at + 4) + msg.readUInt16LE(at));
    expect(msg.readUInt32LE(8)).toBe(3);
    expect(fieldAt(12).toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
    expect(fieldAt(20).subarray(0, 16).toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(fieldAt(28)).toEqual(utf16('Domain'));
    expect(fieldAt(36)).toEqual(utf16('User'));
    expect(fieldAt(44)).toEqual(utf16('COMPUTER'));
    // No MsvAvTimestamp in the challenge: no MIC.
    expect(msg.subarray(72, 88)).toEqual(Buffer.alloc(16));
  });

  it('refuses a message that is not a CHALLENGE', () => {
    expect(() => parseChallenge(negotiateMessage())).toThrow(RangeError);
  });
});
