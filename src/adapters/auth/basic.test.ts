// RFC 7617 vectors for Basic auth, and how the header lands on a request.
import { describe, expect, it } from 'vitest';
import { SecretScrubber } from '../../core/secret-scrubber.js';
import { basic, basicCredentials } from './basic.js';

const request = () => ({
  method: 'GET',
  url: new URL('https://api.example/x'),
  headers: { authorization: 'old' },
});

describe('basicCredentials', () => {
  it('encodes the RFC 7617 §2 example', () => {
    expect(basicCredentials('Aladdin', 'open sesame')).toBe('QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('encodes user-id and password as UTF-8 (RFC 7617 §2.1 example)', () => {
    expect(basicCredentials('test', '123£')).toBe('dGVzdDoxMjPCow==');
  });

  it('refuses a user-id containing ":" (RFC 7617 §2)', () => {
    expect(() => basicCredentials('a:b', 'x')).toThrow(TypeError);
  });
});

describe('basic', () => {
  it('replaces any Authorization header, whatever its case, and masks itself in describe()', () => {
    const scrubber = new SecretScrubber();
    const method = basic({ type: 'basic', username: 'Aladdin', password: 'open sesame' }, scrubber);
    const req = request();
    method.apply(req);
    expect(req.headers).toEqual({ Authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' });
    expect(method.describe()).toBe('header Authorization: Basic [REDACTED] (user Aladdin)');
    expect(scrubber.scrub(JSON.stringify(req.headers))).not.toContain('QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });
});
