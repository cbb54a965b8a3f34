// Malformed and hostile input gets a clear 4xx, nothing crashes, and valid traffic alongside is delivered.
import { request } from 'node:http';
import { afterAll, expect, it } from 'vitest';
import { startDeliveryRig } from '../support/delivery-rig.js';

const rig = await startDeliveryRig();
afterAll(() => rig.close());

const post = (body: string, path = '/messages', type = 'application/json') =>
  rig.ferry.api('POST', path, body, { 'content-type': type });
const msg = (fields: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Id: `h-${Math.random()}`, Text: 'hi', CustomFields: fields, ...extra });
const to = (r: string) => ({ 'Moveworks Message Recipients': r });

/**
 * Ferry answers 413 before reading a body that is too large, then closes the connection; fetch reports that as
 * a failed upload, so this reads the answer with node:http, which sees it while still sending.
 */
function rawPost(body: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request(`${rig.ferry.server.url}/api/v1/messages`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${rig.ferry.token}`, 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(
          new Response(Buffer.concat(chunks), {
            status: res.statusCode ?? 0,
            headers: { 'content-type': String(res.headers['content-type']) },
          }),
        ),
      );
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
    });
    req.end(body);
  });
}

it('answers every hostile request with a problem while valid messages keep flowing', async () => {
  const sub = await rig.subscribe();
  const cases: [string, () => Promise<Response>, number, string][] = [
    ['bad JSON', () => post('{"Id": "x", '), 400, 'ERR_REQUEST_MALFORMED_JSON'],
    [
      'wrong types',
      () => post(JSON.stringify({ Id: 5, Text: { a: 1 }, Severity: 'Loud' })),
      400,
      'ERR_REQUEST_VALIDATION',
    ],
    [
      '20,001 characters',
      () => post(msg(to('a@example.com'), { Text: 'x'.repeat(20_001) })),
      422,
      'ERR_MESSAGE_UNDELIVERABLE',
    ],
    ['invalid emails', () => post(msg(to('not-an-email, @example'))), 422, 'ERR_MESSAGE_UNDELIVERABLE'],
    [
      'non-UUID event id',
      () => post(msg({ ...to('a@example.com'), 'Moveworks Event Id': '../../admin' })),
      422,
      'ERR_MESSAGE_UNDELIVERABLE',
    ],
    [
      'huge body',
      () => rawPost(msg(to('a@example.com'), { Text: 'x'.repeat(2_000_000) })),
      413,
      'ERR_REQUEST_TOO_LARGE',
    ],
    [
      '__proto__ at the top',
      () => post('{"Id":"p1","__proto__":{"polluted":true}}'),
      400,
      'ERR_REQUEST_VALIDATION',
    ],
    [
      'not JSON at all',
      () => post('Id=1', '/messages', 'text/plain'),
      415,
      'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'bulk of unknown type',
      () => post('x', '/messages/bulk', 'application/xml'),
      415,
      'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
    ],
  ];
  const valid = Array.from({ length: 40 }, (_, i) => rig.send(`ok-${i}`, `ok${i}@example.com`));
  for (let round = 0; round < 3; round++)
    for (const [name, run, status, code] of cases) {
      const res = await run();
      expect(res.status, name).toBe(status);
      expect(res.headers.get('content-type'), name).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code, name).toBe(code);
    }

  const polluted = await post(
    msg({ ...to('a@example.com'), __proto__: 'x', constructor: 'y' }, { Id: 'proto-fields' }),
  );
  expect(polluted.status).toBe(202);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  const many = await rig.send(
    'many',
    Array.from({ length: 501 }, (_, i) => `m${i}@example.com`),
  );
  expect(many.transfers).toHaveLength(2);

  await Promise.all(valid);
  expect(await rig.settled(sub)).toEqual({ delivered: 43 });
  const slots = rig.sim.state.messages().find((m) => m.message === 'hi')?.context;
  expect(slots).toEqual({ slots: { __proto__: 'x', constructor: 'y' } });
});

it('reports bad bulk records by line and stores the good ones', async () => {
  const body = [
    JSON.stringify({ Id: 'b-1', Text: 'one', CustomFields: to('a@example.com') }),
    '{not json',
    JSON.stringify({ Id: 'b-2', Text: 'x'.repeat(20_001), CustomFields: to('a@example.com') }),
    JSON.stringify({ Id: 'b-1', Text: 'again', CustomFields: to('a@example.com') }),
    JSON.stringify({ Id: '', Text: 'no id' }),
  ].join('\n');
  const res = await post(body, '/messages/bulk', 'application/x-ndjson');
  const summary = (await res.json()) as {
    accepted: number;
    duplicates: number;
    rejected: { line: number }[];
  };
  expect(summary).toMatchObject({ accepted: 1, duplicates: 1 });
  expect(summary.rejected.map((r) => r.line)).toEqual([2, 3, 5]);
});
