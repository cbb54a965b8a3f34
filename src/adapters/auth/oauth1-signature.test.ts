// RFC 5849's own examples as test vectors: §1.2 (HMAC-SHA1), §3.4.1.1 (base string), §3.4.1.2 (base URI), §3.4.1.3.2.
import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorizationHeader,
  baseStringUri,
  normalizeParams,
  percentEncode,
  requestParams,
  signBaseString,
  signatureBaseString,
} from './oauth1-signature.js';

/** §3.4.1.1: the example request, with its Authorization header parameters (realm excluded, §3.4.1.3.1). */
const EXAMPLE = {
  url: new URL('http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b'),
  body: 'c2&a3=2+q',
  protocol: [
    ['oauth_consumer_key', '9djdj82h48djs9d2'],
    ['oauth_token', 'kkk9d7dh3k39sjv7'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '137131201'],
    ['oauth_nonce', '7d8f3e4a'],
    ['oauth_signature', 'bYT5CMsGcbgUdFHObYMEfcx6bsw='],
  ] as [string, string][],
};

describe('RFC 5849 §3.4.1 signature base string', () => {
  it('normalizes the §3.4.1.3.2 example parameters exactly', () => {
    const params = requestParams(EXAMPLE.url, EXAMPLE.protocol, EXAMPLE.body);
    expect(normalizeParams(params)).toBe(
      'a2=r%20b&a3=2%20q&a3=a&b5=%3D%253D&c%40=&c2=&oauth_consumer_key=9djdj82h48djs9d2&oauth_nonce=7d8f3e4a&' +
        'oauth_signature_method=HMAC-SHA1&oauth_timestamp=137131201&oauth_token=kkk9d7dh3k39sjv7',
    );
  });

  it('builds the §3.4.1.1 example base string byte for byte', () => {
    const params = requestParams(EXAMPLE.url, EXAMPLE.protocol, EXAMPLE.body);
    expect(signatureBaseString('post', EXAMPLE.url, params)).toBe(
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26' +
        'c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26' +
        'oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7',
    );
  });

  it('gives the §3.4.1.2 base string URIs', () => {
    expect(baseStringUri(new URL('http://EXAMPLE.COM:80/r%20v/X?id=123'))).toBe('http://example.com/r%20v/X');
    expect(baseStringUri(new URL('https://www.example.net:8080/?q=1'))).toBe('https://www.example.net:8080/');
    expect(baseStringUri(new URL('https://example.net:443/a#frag'))).toBe('https://example.net/a');
  });

  it('percent-encodes per §3.6: unreserved kept, the rest upper-case hex over UTF-8', () => {
    expect(percentEncode("Ladies + Gentlemen !'()*~._-")).toBe(
      'Ladies%20%2B%20Gentlemen%20%21%27%28%29%2A~._-',
    );
    expect(percentEncode('☃ é')).toBe('%E2%98%83%20%C3%A9');
  });
});

describe('RFC 5849 §1.2 example (HMAC-SHA1 with token credentials)', () => {
  const url = new URL('http://photos.example.net/photos?file=vacation.jpg&size=original');
  const protocol: [string, string][] = [
    ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
    ['oauth_token', 'nnch734d00sl2jdk'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '137131202'],
    ['oauth_nonce', 'chapoH'],
  ];
  const secrets = { consumerSecret: 'kd94hf93k423kf44', tokenSecret: 'pfkkdhi9sl3r4s00' };

  it('signs to MdpQcU8iPSUjWoN/UDMsK2sui9I= and renders the §3.5.1 header', () => {
    const base = signatureBaseString('GET', url, requestParams(url, protocol, undefined));
    expect(base).toBe(
      'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
        '%26oauth_nonce%3DchapoH%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131202' +
        '%26oauth_token%3Dnnch734d00sl2jdk%26size%3Doriginal',
    );
    const signature = signBaseString('HMAC-SHA1', base, secrets);
    expect(signature).toBe('MdpQcU8iPSUjWoN/UDMsK2sui9I=');
    expect(authorizationHeader([...protocol, ['oauth_signature', signature]], 'Photos')).toBe(
      'OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", oauth_token="nnch734d00sl2jdk", ' +
        'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131202", oauth_nonce="chapoH", ' +
        'oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"',
    );
  });

  it('PLAINTEXT (§3.4.4) is encode(consumer secret)&encode(token secret), "&" kept when two-legged', () => {
    expect(signBaseString('PLAINTEXT', 'ignored', secrets)).toBe('kd94hf93k423kf44&pfkkdhi9sl3r4s00');
    expect(signBaseString('PLAINTEXT', 'ignored', { consumerSecret: 'a&b' })).toBe('a%26b&');
  });

  it('RSA-SHA1 (§3.4.3) is an RSASSA-PKCS1-v1_5 SHA-1 signature the public key verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const base = signatureBaseString('GET', url, requestParams(url, protocol, undefined));
    const signature = signBaseString('RSA-SHA1', base, { rsaKey: privateKey });
    expect(verify('sha1', Buffer.from(base), publicKey, Buffer.from(signature, 'base64'))).toBe(true);
  });
});
