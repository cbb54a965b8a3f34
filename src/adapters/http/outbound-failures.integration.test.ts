import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundFetch, type ClosableOutboundFetch, type OutboundFetchOptions } from './outbound.js';
import { startEchoServer, type EchoServer } from '../../../test/support/echo-server.js';
import { fakeLookup } from '../../../test/support/fake-lookup.js';
import { createSelfSignedCert } from '../../../test/support/tls.js';
import { outboundFailure } from '../../../test/support/outbound-failure.js';

const QUERY = '?api_key=s3cr3t-value';
const servers: EchoServer[] = [];
let fetcher: ClosableOutboundFetch | undefined;

afterEach(async () => {
  await fetcher?.close();
  fetcher = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const outbound = (options: OutboundFetchOptions = {}): ClosableOutboundFetch =>
  (fetcher = createOutboundFetch(options));

async function server(tls?: { cert: string; key: string }): Promise<EchoServer> {
  const s = await startEchoServer(tls);
  servers.push(s);
  return s;
}

const failure = outboundFailure;

describe('outbound fetch: failures', () => {
  it('times out against a server that never answers', async () => {
    const silent = await server();
    silent.respond = () => true;
    const err = await failure(outbound()(`${silent.url}/slow${QUERY}`, { timeoutMs: 150 }));
    expect(err).toMatchObject({ code: 'ERR_OUTBOUND_TIMEOUT', retryable: true });
    expect(err.message).toBe(`GET ${silent.url}/slow: no complete response within 150 ms`);
  });

  it('times out while the body is still streaming', async () => {
    const stalling = await server();
    stalling.respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).write('partial');
      return true;
    };
    const res = await outbound({ timeoutMs: 150 })(`${stalling.url}/stream${QUERY}`);
    expect(res.status).toBe(200);
    expect((await failure(res.text())).code).toBe('ERR_OUTBOUND_TIMEOUT');
  });

  it('passes a caller abort through unchanged', async () => {
    const silent = await server();
    silent.respond = () => true;
    const controller = new AbortController();
    const pending = outbound()(`${silent.url}/`, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
  });

  it('reports a refused connection on a closed port as retryable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await failure(
      outbound()(`http://127.0.0.1:${port}/x${QUERY}`, { method: 'POST', body: 'b' }),
    );
    expect(err).toMatchObject({ code: 'ERR_OUTBOUND_CONNECT_FAILED', retryable: true });
    expect(err.message).toBe(`POST http://127.0.0.1:${port}/x: connection failed (ECONNREFUSED)`);
  });

  it('reports an unknown host as a connect failure', async () => {
    const err = await failure(outbound({ lookup: fakeLookup({}) })(`http://nowhere.test/${QUERY}`));
    expect(err).toMatchObject({ code: 'ERR_OUTBOUND_CONNECT_FAILED', retryable: true });
  });

  it('rejects a self-signed certificate, and trusts it when given as an extra CA', async () => {
    const cert = createSelfSignedCert();
    const https = await server(cert);
    const err = await failure(outbound()(`${https.url}/secure${QUERY}`));
    expect(err).toMatchObject({ code: 'ERR_OUTBOUND_TLS_FAILED', retryable: false });
    await fetcher?.close();

    const res = await outbound({ extraCaPem: cert.cert })(`${https.url}/secure${QUERY}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ path: '/secure', query: { api_key: 's3cr3t-value' } });
  });
});
