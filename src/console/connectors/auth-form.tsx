// The auth part of the connector form, driven by the type: fields from the schema, secrets write-only.
import type { AuthConfig } from '../../core/connectors/auth-config.js';
import { checked, jsonField, num, text, type Form } from '../form.js';
import { authFields, CERTIFICATE_PARTS, type AuthField } from './auth-fields.js';

const name = (key: string) => `auth.${key}`;

const shown = (value: unknown): string =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

function Input(props: { f: AuthField; value: unknown; set: boolean }) {
  const { f, value, set } = props;
  const label = `${f.key}${f.required ? ' *' : ''}`;
  if (f.secret) {
    const placeholder = set
      ? 'set; leave empty to keep it'
      : f.kind === 'json'
        ? '{"name": "value"}'
        : 'not set';
    return (
      <label>
        {label} {set && <span class="secret-set">set</span>}
        {f.kind === 'multiline' || f.kind === 'json' ? (
          <textarea name={name(f.key)} autocomplete="off" placeholder={placeholder}></textarea>
        ) : (
          <input name={name(f.key)} type="password" autocomplete="new-password" placeholder={placeholder} />
        )}
      </label>
    );
  }
  const current = value ?? f.defaultValue;
  switch (f.kind) {
    case 'boolean':
      return (
        <label class="inline">
          <input type="checkbox" name={name(f.key)} checked={current === true} /> {f.key}
        </label>
      );
    case 'enum':
      return (
        <label>
          {label}
          <select name={name(f.key)}>
            {!f.required && f.defaultValue === undefined && <option value="">(not set)</option>}
            {(f.options ?? []).map((o) => (
              <option value={o} selected={current === o}>
                {o}
              </option>
            ))}
          </select>
        </label>
      );
    case 'multiline':
    case 'json':
      return (
        <label>
          {label}
          <textarea name={name(f.key)} placeholder={f.kind === 'json' ? '{"name": "value"}' : ''}>
            {current === undefined
              ? ''
              : f.kind === 'json'
                ? JSON.stringify(current, null, 2)
                : shown(current)}
          </textarea>
        </label>
      );
    case 'list':
      return (
        <label>
          {`${label} (comma separated)`}
          <input name={name(f.key)} value={Array.isArray(current) ? current.join(', ') : ''} />
        </label>
      );
    case 'certificate':
    case 'number':
    case 'text':
      return (
        <label>
          {label}
          <input name={name(f.key)} type={f.kind === 'number' ? 'number' : 'text'} value={shown(current)} />
        </label>
      );
  }
}

/** A client certificate: every part write-only, so only whether it is set is shown. */
function Certificate(props: { f: AuthField; set: boolean }) {
  return (
    <fieldset>
      <legend>
        {`${props.f.key}${props.f.required ? ' *' : ''}`} {props.set && <span class="secret-set">set</span>}
      </legend>
      <p class="hint">PEM certificate and privateKey, or pkcs12 as base64; empty keeps what is stored.</p>
      {CERTIFICATE_PARTS.map((part) => (
        <label>
          {part}
          <textarea name={name(`clientCertificate.${part}`)} autocomplete="off"></textarea>
        </label>
      ))}
    </fieldset>
  );
}

/** The fields of `type`, filled from `current` when it is of that type (secrets only say they are set). */
export function AuthFields(props: { type: string; current?: AuthConfig | undefined }) {
  const same = props.current?.type === props.type ? (props.current as Record<string, unknown>) : {};
  return (
    <div id="auth-fields">
      {authFields(props.type).map((f) =>
        f.kind === 'certificate' ? (
          <Certificate f={f} set={same[f.key] !== undefined} />
        ) : (
          <Input
            f={f}
            value={f.secret ? undefined : same[f.key]}
            set={f.secret && same[f.key] !== undefined}
          />
        ),
      )}
    </div>
  );
}

function valueOf(form: Form, f: AuthField): unknown {
  switch (f.kind) {
    case 'boolean':
      return checked(form, name(f.key));
    case 'number':
      return num(form, name(f.key));
    case 'json':
      return jsonField(form, name(f.key));
    case 'list':
      return text(form, name(f.key))
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    case 'certificate': {
      const parts = CERTIFICATE_PARTS.flatMap((p) => {
        const v = text(form, name(`clientCertificate.${p}`));
        return v === undefined ? [] : [[p, v] as const];
      });
      return parts.length === 0 ? undefined : Object.fromEntries(parts);
    }
    case 'enum':
    case 'multiline':
    case 'text':
      return text(form, name(f.key));
  }
}

/**
 * The auth config the form describes. Editing one of the same type: an empty secret is left out (the service
 * keeps the stored value) and an emptied setting is null (the service drops it).
 */
export function authFromForm(form: Form, current?: AuthConfig): Record<string, unknown> {
  const type = text(form, 'auth.type') ?? 'none';
  const editing = current?.type === type;
  const out: Record<string, unknown> = { type };
  for (const f of authFields(type)) {
    const v = valueOf(form, f);
    if (v !== undefined) out[f.key] = v;
    else if (editing && !f.secret) out[f.key] = null;
  }
  return out;
}
