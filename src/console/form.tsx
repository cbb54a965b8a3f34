// Reading console forms into the bodies the engine's services validate, and showing their outcome.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { isFerryError, ValidationError } from '../core/errors.js';
import type { ConsoleEnv } from './deps.js';
import { Notice } from './layout.js';

export type Form = Record<string, string | File | (string | File)[]>;

export const readForm = (c: Context): Promise<Form> => c.req.parseBody({ all: true });

/** A text field, trimmed; undefined when absent or empty. */
export function text(form: Form, key: string): string | undefined {
  const v = form[key];
  const s = typeof v === 'string' ? v.trim() : undefined;
  return s === undefined || s === '' ? undefined : s;
}

/** A number field; undefined when empty (the service reports a field that is not a number). */
export function num(form: Form, key: string): number | undefined {
  const s = text(form, key);
  return s === undefined ? undefined : Number(s);
}

/** A checkbox: present means on. */
export const checked = (form: Form, key: string): boolean => form[key] !== undefined;

/** Every value of a repeated field (checkboxes of tracking ids). */
export function all(form: Form, key: string): string[] {
  const v = form[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string' && x !== '');
}

/** A JSON field of a console form: undefined when empty, a ValidationError naming the field when not JSON. */
export function jsonField(form: Form, key: string, orText = false): unknown {
  const raw = text(form, key);
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    if (orText) return raw;
    throw new ValidationError(`${key}: must be JSON`, [
      { path: key, code: 'invalid_json', message: 'must be JSON' },
    ]);
  }
}

/** Drops undefined members, so the service's strict schema sees only what the user filled in. */
export const defined = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** What went wrong, as the user should read it: the code, the message and every invalid field. */
export function Problem(props: { error: unknown }) {
  const { error } = props;
  if (!isFerryError(error)) throw error;
  return (
    <Notice ok={false}>
      <strong>{error.code}</strong>: {error.message}
      {error instanceof ValidationError && (
        <ul>
          {error.issues.map((i) => (
            <li>
              {i.path}: {i.message}
            </li>
          ))}
        </ul>
      )}
    </Notice>
  );
}

/** Runs an action for an htmx form and answers the fragment to swap in: its result, or the problem. */
export async function outcome(c: Context<ConsoleEnv>, run: () => Promise<Child>): Promise<Response> {
  try {
    return await c.html(<>{await run()}</>);
  } catch (error) {
    return c.html(<Problem error={error} />);
  }
}

/** A connector's or action's name (asked only when adding: it is the id) and its description. */
export const NameAndDescription = (props: { item?: { description: string } | undefined }) => (
  <>
    {props.item === undefined && (
      <label>
        Name (lowercase letters, digits, - and _)
        <input name="name" required />
      </label>
    )}
    <label>
      Description
      <input name="description" value={props.item?.description ?? ''} />
    </label>
  </>
);
