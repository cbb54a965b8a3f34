// API Key and Bearer auth: where the key goes, how the pattern is filled, and what describe() shows.
import { describe, expect, it } from 'vitest';
import { apiKey } from './api-key.js';
import { bearer } from './bearer.js';

const request = () => ({
  method: 'GET',
  url: new URL('https://api.example/x?a=1'),
  headers: {} as Record<string, string>,
});

describe('apiKey', () => {
  it('puts the key into the header through the pattern, literally even with $ sequences', () => {
    const method = apiKey({
      type: 'api_key',
      apiKey: 'k$&1',
      headerAuthKey: 'Authorization',
      headerAuthValuePattern: 'Token %s',
    });
    const req = request();
    method.apply(req);
    expect(req.headers).toEqual({ Authorization: 'Token k$&1' });
    expect(method.describe()).toBe('header Authorization: Token [REDACTED]');
  });

  it('uses the key alone when there is no pattern', () => {
    const req = request();
    apiKey({ type: 'api_key', apiKey: 'secret-key', headerAuthKey: 'X-Api-Key' }).apply(req);
    expect(req.headers).toEqual({ 'X-Api-Key': 'secret-key' });
  });

  it('puts the key in the query, encoded, keeping other parameters', () => {
    const req = request();
    const method = apiKey({ type: 'api_key', apiKey: 'a b&c', paramAuthParamName: 'api_key' });
    method.apply(req);
    expect(req.url.search).toBe('?a=1&api_key=a+b%26c');
    expect(method.describe()).toBe('query parameter api_key=[REDACTED]');
  });

  it('refuses a config with both places set', () => {
    expect(() =>
      apiKey({ type: 'api_key', apiKey: 'k', headerAuthKey: 'X', paramAuthParamName: 'p' }),
    ).toThrow(TypeError);
  });
});

describe('bearer', () => {
  it.each([
    ['Bearer', 'Bearer tok-123'],
    ['SSWS', 'SSWS tok-123'],
  ])('sends Authorization: %s <key>', (prefix, header) => {
    const req = request();
    bearer({ type: 'bearer', apiKey: 'tok-123', prefix }).apply(req);
    expect(req.headers).toEqual({ Authorization: header });
  });
});
