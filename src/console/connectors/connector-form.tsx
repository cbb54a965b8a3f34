// The connector form shared by "add" and "edit": name, base URL, test path and the type-driven auth fields.
import { AUTH_TYPES } from '../../core/connectors/auth-config.js';
import type { Connector } from '../../core/connectors/connector.js';
import { CONSOLE_BASE } from '../deps.js';
import { NameAndDescription, text, type Form } from '../form.js';
import { AuthFields, authFromForm } from './auth-form.js';

export function ConnectorFields(props: { connector?: Connector | undefined }) {
  const c = props.connector;
  const type = c?.auth.type ?? 'bearer';
  const fragment = `${CONSOLE_BASE}/connectors/auth-fields${c === undefined ? '' : `?connector=${encodeURIComponent(c.name)}`}`;
  return (
    <>
      <fieldset>
        <legend>Connector</legend>
        <NameAndDescription item={c} />
        <label>
          Base URL
          <input name="baseUrl" value={c?.baseUrl ?? ''} />
        </label>
        <label>
          Test path (called by the test, e.g. /me; empty: credentials only)
          <input name="testPath" value={c?.testPath ?? ''} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Authentication</legend>
        <label>
          Auth type
          <select name="auth.type" hx-get={fragment} hx-target="#auth-fields" hx-swap="outerHTML">
            {AUTH_TYPES.map((t) => (
              <option value={t} selected={t === type}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <AuthFields type={type} current={c?.auth} />
      </fieldset>
    </>
  );
}

/** The body for ConnectorService.create, or (with `current`) .update: empty secrets keep their value. */
export function connectorBody(form: Form, current?: Connector): Record<string, unknown> {
  const testPath = text(form, 'testPath');
  const base = {
    description: text(form, 'description') ?? '',
    baseUrl: text(form, 'baseUrl'),
    auth: authFromForm(form, current?.auth),
  };
  if (current === undefined) return { ...base, name: text(form, 'name'), ...(testPath ? { testPath } : {}) };
  return { ...base, testPath: testPath ?? null };
}

/** A connector's page under the console: its list links there and adding one goes there. */
export const connectorPath = (k: { name: string }): string => `connectors/${k.name}`;
