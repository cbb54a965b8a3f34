import { describe, expect, it } from 'vitest';
import { actionScope, resolvePath, Templater } from './template.js';
import { ValidationError } from '../errors.js';

const scope = actionScope(
  {
    ticket: { id: 'INC-42', priority: 2, tags: ['vpn', 'urgent'], open: true, owner: null },
    name: 'Ada Lovelace',
    path: 'a/b?c#d',
    meta_info: { user: { email_addr: 'spoofed@evil.test' } },
  },
  'ada@example.com',
);

function missingOf(run: (t: Templater) => void): ValidationError {
  const t = new Templater(scope);
  run(t);
  try {
    t.assertComplete();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw err;
  }
  throw new Error('expected missing inputs');
}

describe('Templater.text', () => {
  it('replaces dotted paths, with or without spaces inside the braces', () => {
    const t = new Templater(scope);
    expect(t.text('{{ticket.id}} for {{ meta_info.user.email_addr }}', 'x')).toBe(
      'INC-42 for ada@example.com',
    );
    expect(t.text('p{{ticket.priority}} open={{ticket.open}} owner=[{{ticket.owner}}]', 'x')).toBe(
      'p2 open=true owner=[]',
    );
    expect(t.text('{{ticket.tags}}', 'x')).toBe('["vpn","urgent"]');
    expect(t.text('no templates {here} or {{ not a path }}', 'x')).toBe(
      'no templates {here} or {{ not a path }}',
    );
  });

  it('encodes each value with the given encoder, leaving the literal text alone', () => {
    const t = new Templater(scope);
    expect(t.text('/users/{{path}}/{{name}}', 'endpoint', encodeURIComponent)).toBe(
      '/users/a%2Fb%3Fc%23d/Ada%20Lovelace',
    );
  });

  it('fills meta_info from the run user, never from the inputs', () => {
    expect(resolvePath(scope, 'meta_info.user.email_addr')).toBe('ada@example.com');
  });
});

describe('Templater.json', () => {
  it('substitutes a whole-string template with the typed value and interpolates the rest', () => {
    const t = new Templater(scope);
    const body = t.json(
      {
        id: '{{ticket.id}}',
        n: '{{ ticket.priority }}',
        tags: '{{ticket.tags}}',
        open: '{{ticket.open}}',
        owner: '{{ticket.owner}}',
        note: 'for {{name}}',
        list: ['{{ticket.priority}}', 7, false, null],
      },
      'body',
    );
    expect(body).toEqual({
      id: 'INC-42',
      n: 2,
      tags: ['vpn', 'urgent'],
      open: true,
      owner: null,
      note: 'for Ada Lovelace',
      list: [2, 7, false, null],
    });
    t.assertComplete();
  });

  it('keeps a "__proto__" key as data', () => {
    const body = new Templater(scope).json(JSON.parse('{"__proto__": {"polluted": "{{name}}"}}'), 'body');
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.hasOwn(body as object, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('missing inputs', () => {
  it('names a single missing input with where it is used', () => {
    const err = missingOf((t) => t.text('/tickets/{{ticket.number}}', 'endpoint'));
    expect(err.code).toBe('ERR_ACTION_INPUT_MISSING');
    expect(err.issues).toEqual([
      {
        path: 'inputs.ticket.number',
        code: 'missing',
        message: '{{ticket.number}} has no value (used in endpoint)',
      },
    ]);
  });

  it('names every missing input at once', () => {
    const err = missingOf((t) => {
      t.text('{{a}}/{{b.c}}', 'endpoint');
      t.text('{{a}}', 'headers.X-A');
      t.json({ d: '{{d}}', e: ['x {{e}}'] }, 'body');
    });
    expect(err.message).toBe('missing action inputs: a, b.c, d, e');
    expect(err.issues.map((i) => i.path)).toEqual(['inputs.a', 'inputs.b.c', 'inputs.d', 'inputs.e']);
    expect(err.issues[0]?.message).toBe('{{a}} has no value (used in endpoint, headers.X-A)');
  });

  it('reports a missing run user under `user`', () => {
    const t = new Templater(actionScope({}, undefined));
    t.text('{{meta_info.user.email_addr}}', 'query.email');
    expect(() => t.assertComplete()).toThrow(
      expect.objectContaining({
        code: 'ERR_ACTION_INPUT_MISSING',
        issues: [expect.objectContaining({ path: 'user' })],
      }),
    );
  });

  it.each([
    '__proto__',
    'constructor',
    'ticket.constructor',
    'ticket.__proto__.x',
    'name.length',
    'toString',
  ])('never reaches through prototypes: {{%s}} is missing', (path) => {
    expect(resolvePath(scope, path)).toBeUndefined();
    expect(missingOf((t) => t.text(`{{${path}}}`, 'body')).issues).toHaveLength(1);
  });
});
