// The fields of each auth type, read from the API's own auth config schemas, so the console's form follows them.
import type { z } from 'zod';
import { authConfig, isSecretField } from '../../core/connectors/auth-config.js';

export type FieldKind =
  'text' | 'multiline' | 'number' | 'boolean' | 'enum' | 'json' | 'list' | 'certificate';

export interface AuthField {
  readonly key: string;
  readonly kind: FieldKind;
  /** Write-only: never rendered back; left empty on an edit, the stored value is kept. */
  readonly secret: boolean;
  readonly required: boolean;
  readonly defaultValue?: unknown;
  /** The choices of an enum field. */
  readonly options?: readonly string[];
}

/** PEM keys and request bodies are several lines. */
const MULTILINE = new Set(['privateKey', 'loginBody', 'displayDescription']);
/** The parts of a client certificate (client-certificate.ts), each PEM or base64 text. */
export const CERTIFICATE_PARTS = ['certificate', 'privateKey', 'pkcs12', 'passphrase', 'ca'] as const;

interface Def {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly defaultValue?: unknown;
  readonly entries?: Record<string, string>;
}
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

function fieldOf(key: string, schema: z.ZodType): AuthField {
  let s = schema;
  let required = true;
  let defaultValue: unknown;
  for (
    let d = defOf(s);
    d.innerType !== undefined && ['optional', 'default'].includes(d.type);
    d = defOf(s)
  ) {
    required = false;
    if (d.type === 'default') defaultValue = d.defaultValue;
    s = d.innerType;
  }
  const d = defOf(s);
  const kind: FieldKind =
    d.type === 'number'
      ? 'number'
      : d.type === 'boolean'
        ? 'boolean'
        : d.type === 'enum'
          ? 'enum'
          : d.type === 'record'
            ? 'json'
            : d.type === 'array'
              ? 'list'
              : d.type === 'object'
                ? 'certificate'
                : MULTILINE.has(key)
                  ? 'multiline'
                  : 'text';
  return {
    key,
    kind,
    secret: isSecretField(key),
    required,
    ...(defaultValue === undefined ? {} : { defaultValue }),
    ...(d.entries === undefined ? {} : { options: Object.keys(d.entries) }),
  };
}

const FIELDS = new Map<string, readonly AuthField[]>(
  authConfig.options.map((o) => [
    o.shape.type.value,
    Object.entries(o.shape as Record<string, z.ZodType>)
      .filter(([key]) => key !== 'type')
      .map(([key, schema]) => fieldOf(key, schema)),
  ]),
);

/** The fields of an auth type, in the schema's order; none for an unknown type. */
export const authFields = (type: string): readonly AuthField[] => FIELDS.get(type) ?? [];
