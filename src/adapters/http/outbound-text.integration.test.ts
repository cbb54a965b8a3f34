// The text fast path of the outbound adapter: same answers, policy and errors as the fetch path, without streams.
import { Headers as UndiciHeaders } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createOutboundFetch, type ClosableOutboundFetch } from './outbound.js';
import { startEchoServer, type EchoServer } from '../../../test/support/echo-server.js';
import { outboundFailure } from '../../../test/support/outbound-failure.js';

const QUERY = '?api_key=s3cr3t-value';
let echo: EchoServer | undefined;
let outbound: ClosableOutboundFetch | undefined;
afterEach(async () => {
  await outbound?.close();
  await echo?.close();
});

async function setup(): Promise<{ echo: EchoServer; text: ClosableOutboundFetch['text'] }> {
  echo = await startEchoServer();
  outbound = createOutboundFetch({ timeoutMs: 2_000 });
  return { echo, text: outbound.text };
}

describe('outbound text requests', () => {
  it('sends method, headers and a form body, and reads status, headers and text', async () => {
    const { echo: server, text } = await setup();
    server.respond = (req, res) => {
      res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ got: req.body, type: req.headers['content-type'], auth: req.headers.authorization }),
      );
      return true;
    };
    const res = await text(`${server.url}/oauth/v1/token`, {
      method: 'POST',
      headers: { authorization: 'Bearer x' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(res).toMatchObject({ status: 429, ok: false, statusText: 'Too Many Requests' });
    expect(res.headers.get('Retry-After')).toBe('7');
    expect(res.headers.get('x-missing')).toBeNull();
    const body = JSON.parse(await res.text()) as Record<string, string>;
    expect(body).toEqual({
      got: 'grant_type=client_credentials',
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
      auth: 'Bearer x',
    });
    expect(await res.text()).toBe(JSON.stringify(body));
  });

  it('sends the headers of a Headers object from undici as well as of the global class and of pairs', async () => {
    const { echo: server, text } = await setup();
    server.respond = (req, res) => {
      res.writeHead(200).end(String(req.headers['x-case']));
      return true;
    };
    for (const headers of [
      new UndiciHeaders({ 'x-case': 'undici' }),
      new Headers({ 'x-case': 'global' }),
      [['x-case', 'pairs']] as [string, string][],
    ]) {
      const res = await text(`${server.url}/`, { headers });
      expect(await res.text()).toBe(new Headers(headers).get('x-case'));
    }
  });

  it('maps a timeout and a blocked address to OutboundError without the query', async () => {
    const { echo: server, text } = await setup();
    server.respond = () => true;
    const slow = await outboundFailure(text(`${server.url}/slow${QUERY}`, { timeoutMs: 150 }));
    expect(slow).toMatchObject({ code: 'ERR_OUTBOUND_TIMEOUT', retryable: true });
    expect(slow.message).toBe(`GET ${server.url}/slow: no answer within 150 ms`);
    const blocked = await outboundFailure(text(`http://169.254.169.254/latest${QUERY}`));
    expect(blocked.code).toBe('ERR_OUTBOUND_ADDRESS_BLOCKED');
  });

  it('times out an answer whose body stalls', async () => {
    const { echo: server, text } = await setup();
    server.respond = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).write('partial');
      return true;
    };
    const stalled = await outboundFailure(text(`${server.url}/stream${QUERY}`, { timeoutMs: 150 }));
    expect(stalled).toMatchObject({ code: 'ERR_OUTBOUND_TIMEOUT', retryable: true });
    expect(stalled.message).toBe(`GET ${server.url}/stream: the answer stalled for 150 ms`);
  });

  it('passes a caller abort through unchanged', async () => {
    const { echo: server, text } = await setup();
    server.respond = () => true;
    const controller = new AbortController();
    const pending = text(`${server.url}/`, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    await expect(pending).rejects.toThrow('caller gave up');
  });
});
