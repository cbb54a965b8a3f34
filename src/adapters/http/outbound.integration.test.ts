import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createOutboundFetch, type ClosableOutboundFetch, type OutboundFetchOptions } from './outbound.js';
import { startEchoServer, type EchoServer, type EchoedRequest } from '../../../test/support/echo-server.js';
import { fakeLookup } from '../../../test/support/fake-lookup.js';
import { outboundFailure } from '../../../test/support/outbound-failure.js';

const SECRET = 'api_key=s3cr3t-value';
let echo: EchoServer;
let fetcher: ClosableOutboundFetch | undefined;

beforeAll(async () => {
  echo = await startEchoServer();
});
afterAll(() => echo.close());
afterEach(async () => {
  await fetcher?.close();
  fetcher = undefined;
  echo.respond = () => false;
});

const outbound = (options: OutboundFetchOptions = {}): ClosableOutboundFetch =>
  (fetcher = createOutboundFetch(options));

const failure = outboundFailure;

describe('outbound fetch: destinations', () => {
  it('reaches loopback and sends method, path, query, headers and body', async () => {
    const res = await outbound()(`${echo.url}/items/1?${SECRET}`, {
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: 'hello',
    });
    const seen = (await res.json()) as EchoedRequest;
    expect(res.status).toBe(200);
    expect(seen).toMatchObject({
      method: 'POST',
      path: '/items/1',
      query: { api_key: 's3cr3t-value' },
      body: 'hello',
    });
    expect(seen.headers['x-test']).toBe('yes');
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fe80::1]:8080/',
  ])('refuses %s before connecting', async (url) => {
    const err = await failure(outbound()(`${url}?${SECRET}`));
    expect(err.code).toBe('ERR_OUTBOUND_ADDRESS_BLOCKED');
    expect(err.message).toMatch(/FERRY_OUTBOUND_ALLOW/);
    expect(err.retryable).toBe(false);
  });

  it('refuses a host name that resolves to a link-local address, before any connection', async () => {
    const lookup = fakeLookup({ 'rebind.test': ['127.0.0.1', '169.254.169.254'] });
    const before = echo.connections;
    const err = await failure(outbound({ lookup })(`http://rebind.test:${echo.port}/x?${SECRET}`));
    expect(err.code).toBe('ERR_OUTBOUND_ADDRESS_BLOCKED');
    expect(err.message).toContain('GET http://rebind.test:');
    expect(err.message).toContain('rebind.test resolves to 169.254.169.254');
    expect(echo.connections).toBe(before);
  });

  it('refuses metadata host names, and an allow-list entry lifts the block', async () => {
    const lookup = fakeLookup({ 'metadata.google.internal': ['127.0.0.1'] });
    const url = `http://metadata.google.internal:${echo.port}/computeMetadata/v1/`;
    expect((await failure(outbound({ lookup })(url))).code).toBe('ERR_OUTBOUND_ADDRESS_BLOCKED');
    await fetcher?.close();
    const res = await outbound({ lookup, allow: ['metadata.google.internal'] })(url);
    expect(((await res.json()) as EchoedRequest).path).toBe('/computeMetadata/v1/');
  });

  it('refuses schemes other than http and https', async () => {
    const err = await failure(outbound()('file:///etc/passwd'));
    expect(err.code).toBe('ERR_OUTBOUND_ADDRESS_BLOCKED');
    expect(err.message).toMatch(/scheme file: is not http\(s\)/);
  });

  it('returns a redirect instead of following it', async () => {
    echo.respond = (req, res) => {
      if (req.path !== '/moved') return false;
      res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      return true;
    };
    const res = await outbound()(`${echo.url}/moved`, { headers: { authorization: 'Bearer t0ken-value' } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('http://169.254.169.254/');
  });
});
