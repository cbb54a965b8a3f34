import { describe, expect, it } from 'vitest';
import { runAction } from './action-runner.js';
import { ValidationError } from '../../core/errors.js';
import type { EchoedRequest } from '../../../test/support/echo-server.js';
import { useEchoServer } from '../../../test/support/echo-fixture.js';
import { countingAuth } from '../../../test/support/counting-auth.js';
import { makeAction, makeConnector, makeDeps } from '../../../test/support/action-fixtures.js';

const fixture = useEchoServer();

const inputs = { ticket: { id: 'INC 42/a', priority: 3, tags: ['vpn'] }, search: 'a&b=c', name: 'Ada' };

describe('runAction: building the request', () => {
  it('templates path, query, headers and a JSON body, keeping the base path and value types', async () => {
    const action = makeAction({
      method: 'POST',
      endpoint: '/tickets/{{ ticket.id }}/comments',
      headers: { 'X-User': '{{meta_info.user.email_addr}}', 'X-Ticket': 'ticket {{ticket.id}}' },
      query: { q: '{{search}}', fixed: 'yes' },
      body: {
        id: '{{ticket.id}}',
        priority: '{{ticket.priority}}',
        tags: '{{ticket.tags}}',
        note: 'by {{name}}',
      },
    });
    const deps = makeDeps(fixture.fetch, countingAuth());
    const result = await runAction(deps, action, makeConnector(`${fixture.server.url}/api/v2/`), {
      inputs,
      user: 'ada@example.com',
    });
    const seen = result.body as EchoedRequest;
    expect(result.status).toBe(200);
    expect(result.durationMs).toBe(250);
    expect(result.headers['content-type']).toBe('application/json');
    expect(seen.method).toBe('POST');
    expect(seen.path).toBe('/api/v2/tickets/INC%2042%2Fa/comments');
    expect(seen.query).toEqual({ q: 'a&b=c', fixed: 'yes' });
    expect(seen.headers).toMatchObject({
      'x-user': 'ada@example.com',
      'x-ticket': 'ticket INC 42/a',
      'content-type': 'application/json',
      authorization: 'Bearer tok-1-Zq9xSecret',
    });
    expect(JSON.parse(seen.body)).toEqual({ id: 'INC 42/a', priority: 3, tags: ['vpn'], note: 'by Ada' });
  });

  it('sends a string body as it is, with the content type the action set', async () => {
    const action = makeAction({
      method: 'PUT',
      endpoint: '/form',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name={{name}}&n={{ticket.priority}}',
    });
    const result = await runAction(
      makeDeps(fixture.fetch, countingAuth()),
      action,
      makeConnector(fixture.server.url),
      {
        inputs,
      },
    );
    const seen = result.body as EchoedRequest;
    expect(seen.path).toBe('/form');
    expect(seen.body).toBe('name=Ada&n=3');
    expect(seen.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('returns a non-JSON answer as text', async () => {
    fixture.server.respond = (req, res) => {
      if (req.path !== '/plain') return false;
      res.writeHead(201, { 'content-type': 'text/plain' }).end('created');
      return true;
    };
    const action = makeAction({ method: 'GET', endpoint: '/plain' });
    const result = await runAction(
      makeDeps(fixture.fetch, countingAuth()),
      action,
      makeConnector(fixture.server.url),
      {
        inputs: {},
      },
    );
    expect(result).toMatchObject({ status: 201, body: 'created' });
    fixture.server.respond = () => false;
  });

  it('cuts a body longer than the limit and returns it as text, with a warning', async () => {
    const deps = { ...makeDeps(fixture.fetch, countingAuth()), maxResponseBytes: 16 };
    const action = makeAction({ method: 'GET', endpoint: '/big' });
    const result = await runAction(deps, action, makeConnector(fixture.server.url), { inputs: {} });
    expect(result.body).toBe('{"method":"GET",');
    expect(deps.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', truncated: true }));
  });

  it('names every missing input and sends nothing', async () => {
    const before = fixture.server.requests.length;
    const action = makeAction({
      method: 'POST',
      endpoint: '/users/{{user_id}}',
      headers: { 'X-Mail': '{{meta_info.user.email_addr}}' },
      query: { team: '{{team.id}}' },
      body: { id: '{{user_id}}', role: '{{role}}' },
    });
    const err: unknown = await runAction(
      makeDeps(fixture.fetch, countingAuth()),
      action,
      makeConnector(fixture.server.url),
      {
        inputs: {},
      },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).code).toBe('ERR_ACTION_INPUT_MISSING');
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([
      'inputs.user_id',
      'user',
      'inputs.team.id',
      'inputs.role',
    ]);
    expect(fixture.server.requests.length).toBe(before);
  });

  it('refuses a path input that would climb out of the base path', async () => {
    const action = makeAction({ method: 'GET', endpoint: '/files/{{name}}' });
    await expect(
      runAction(makeDeps(fixture.fetch, countingAuth()), action, makeConnector(`${fixture.server.url}/api`), {
        inputs: { name: '..' },
      }),
    ).rejects.toMatchObject({
      code: 'ERR_REQUEST_VALIDATION',
      issues: [expect.objectContaining({ path: 'endpoint' })],
    });
  });
});
