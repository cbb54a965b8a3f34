// `{{variable}}` templating for HTTP actions: dotted input paths in text and JSON, every missing input reported.
import { ValidationError, type Issue } from '../errors.js';

const PATH = String.raw`[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*`;
const PLACEHOLDER = new RegExp(String.raw`\{\{\s*(${PATH})\s*\}\}`, 'g');
const WHOLE = new RegExp(String.raw`^\{\{\s*(${PATH})\s*\}\}$`);
/** Segments that would reach an object's prototype instead of the caller's data. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
/** The variables Ferry fills itself; callers cannot set them through `inputs`. */
const META = 'meta_info';

export type TemplateScope = Readonly<Record<string, unknown>>;

/** The scope of one action run: the caller's inputs plus `meta_info.user.email_addr` from the run's user. */
export function actionScope(
  inputs: Readonly<Record<string, unknown>>,
  user: string | undefined,
): TemplateScope {
  return { ...inputs, [META]: { user: { email_addr: user } } };
}

/** The value at a dotted path through own properties only; undefined when absent or through a forbidden segment. */
export function resolvePath(scope: unknown, path: string): unknown {
  let current = scope;
  for (const key of path.split('.')) {
    if (FORBIDDEN.has(key) || typeof current !== 'object' || current === null) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null ? '' : (JSON.stringify(value) ?? '');
}

/**
 * Renders the parts of one request against a scope and remembers every missing variable, so that
 * `assertComplete` can name them all at once instead of failing on the first.
 */
export class Templater {
  private readonly missing = new Map<string, Set<string>>();

  constructor(private readonly scope: TemplateScope) {}

  /**
   * Replaces each `{{path}}` in `template` with its value as text. `where` names the field in error messages
   * (`endpoint`, `headers.X-Id`); `encode` transforms each value, e.g. `encodeURIComponent` for a path segment.
   */
  text(template: string, where: string, encode: (value: string) => string = (v) => v): string {
    return template.replace(PLACEHOLDER, (match, path: string) => {
      const value = this.lookup(path, where);
      return value === undefined ? match : encode(asText(value));
    });
  }

  /**
   * Renders a JSON body: a string that is exactly `{{path}}` becomes that input's JSON value with its type,
   * any other string is interpolated as text, arrays and objects are rendered member by member.
   */
  json(value: unknown, where: string): unknown {
    if (typeof value === 'string') {
      const path = WHOLE.exec(value)?.[1];
      return path === undefined ? this.text(value, where) : this.lookup(path, where);
    }
    if (Array.isArray(value)) return value.map((v: unknown) => this.json(v, where));
    if (typeof value === 'object' && value !== null) {
      // fromEntries defines own properties, so a "__proto__" key stays data.
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.json(v, where)]));
    }
    return value;
  }

  /** Throws ValidationError (ERR_ACTION_INPUT_MISSING) listing every variable that had no value. */
  assertComplete(): void {
    if (this.missing.size === 0) return;
    const issues: Issue[] = [...this.missing].map(([path, places]) => ({
      path: path.startsWith(`${META}.user.`) ? 'user' : `inputs.${path}`,
      code: 'missing',
      message: `{{${path}}} has no value (used in ${[...places].join(', ')})`,
    }));
    const names = [...this.missing.keys()].join(', ');
    throw new ValidationError(`missing action inputs: ${names}`, issues, 'ERR_ACTION_INPUT_MISSING');
  }

  private lookup(path: string, where: string): unknown {
    const value = resolvePath(this.scope, path);
    if (value === undefined) {
      const places = this.missing.get(path) ?? new Set<string>();
      this.missing.set(path, places.add(where));
    }
    return value;
  }
}
