// Parses `key=value` command-line pairs; `@file`, `@-` (stdin) and `@env:NAME` keep secrets out of shell history.
import type { CliIo } from './io.js';
import { usageError } from './cli-error.js';

/**
 * `key=value` sets a string; `key:=json` sets a JSON value (number, boolean, object);
 * a value `@env:NAME` reads an environment variable, `@-` standard input and `@path` a file (one trailing newline dropped).
 * Dotted keys nest: `additionalHeaders.Client-Id=abc`.
 */
export async function parseKeyValues(pairs: readonly string[], io: CliIo): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const m = /^([A-Za-z0-9_.-]+)(:?=)([\s\S]*)$/.exec(pair);
    if (!m) throw usageError(`"${pair}" is not key=value (or key:=json)`);
    const [, key = '', op, raw = ''] = m;
    const text = await resolveValue(raw, io);
    let value: unknown = text;
    if (op === ':=') {
      try {
        value = JSON.parse(text);
      } catch {
        throw usageError(`the value of ${key} is not valid JSON`);
      }
    }
    setPath(out, key.split('.'), value);
  }
  return out;
}

/** A value as given, or read from `@env:NAME`, `@-` (stdin) or `@path`. */
export async function resolveValue(raw: string, io: CliIo): Promise<string> {
  if (!raw.startsWith('@')) return raw;
  if (raw.startsWith('@env:')) {
    const name = raw.slice(5);
    const value = io.env[name];
    if (value === undefined) throw usageError(`environment variable ${name} is not set`);
    return value;
  }
  const text =
    raw === '@-'
      ? await io.readStdin()
      : await io.readFile(raw.slice(1)).catch(() => {
          throw usageError(`cannot read ${raw.slice(1)}`);
        });
  return text.replace(/\r?\n$/, '');
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined || head === '__proto__' || head === 'constructor' || head === 'prototype')
    throw usageError(`"${path.join('.')}" is not an allowed key`);
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const next = (target[head] ??= {}) as Record<string, unknown>;
  setPath(next, rest, value);
}

/** A JSON document from a file, or from standard input when `file` is `-`; a usage error when unreadable or not JSON. */
export async function readJsonInput(file: string, io: CliIo): Promise<unknown> {
  const text =
    file === '-'
      ? await io.readStdin()
      : await io.readFile(file).catch(() => {
          throw usageError(`cannot read ${file}`);
        });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw usageError(`${file} is not valid JSON`);
  }
}
