// The HTTP action form shared by "add" and "edit", and reading it into the body ActionService validates.
import { HTTP_METHODS, type Action } from '../../core/actions/action.js';
import type { Connector } from '../../core/connectors/connector.js';
import { NameAndDescription, defined, jsonField, num, text, type Form } from '../form.js';
import { Select } from '../parts.js';

const pretty = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

export function ActionFields(props: { action?: Action | undefined; connectors: readonly Connector[] }) {
  const a = props.action;
  return (
    <fieldset>
      <legend>HTTP action</legend>
      <NameAndDescription item={a} />
      <label>
        Connector
        <Select name="connector" options={props.connectors.map((k) => k.name)} selected={a?.connector} />
      </label>
      <label>
        Method
        <Select name="method" options={HTTP_METHODS} selected={a?.method ?? 'GET'} />
      </label>
      <label>
        Endpoint (path after the base URL; {'{{variables}}'} allowed)
        <input name="endpoint" value={a?.endpoint ?? '/'} />
      </label>
      <label>
        Headers (JSON object)
        <textarea name="headers">{pretty(a?.headers ?? {})}</textarea>
      </label>
      <label>
        Query parameters (JSON object)
        <textarea name="query">{pretty(a?.query ?? {})}</textarea>
      </label>
      <label>
        Body (JSON; text that is not JSON is sent as a string)
        <textarea name="body">{typeof a?.body === 'string' ? a.body : pretty(a?.body)}</textarea>
      </label>
      <label>
        Timeout (ms)
        <input name="timeoutMs" type="number" value={a?.timeoutMs === undefined ? '' : String(a.timeoutMs)} />
      </label>
    </fieldset>
  );
}

/** The body for ActionService.create or .update. */
export function actionBody(form: Form, creating: boolean): Record<string, unknown> {
  return defined({
    name: creating ? text(form, 'name') : undefined,
    description: text(form, 'description') ?? '',
    connector: text(form, 'connector'),
    method: text(form, 'method'),
    endpoint: text(form, 'endpoint'),
    headers: jsonField(form, 'headers') ?? {},
    query: jsonField(form, 'query') ?? {},
    body: jsonField(form, 'body', true),
    timeoutMs: num(form, 'timeoutMs'),
  });
}

const VARIABLE = /\{\{\s*([A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*)\s*\}\}/g;

/** The inputs an action's templates read (besides meta_info, which Ferry fills), as a JSON skeleton to fill in. */
export function inputSkeleton(a: Action): string {
  const names = new Set<string>();
  for (const m of JSON.stringify([a.endpoint, a.headers, a.query, a.body ?? null]).matchAll(VARIABLE)) {
    const top = m[1]?.split('.')[0];
    if (top !== undefined && top !== 'meta_info') names.add(top);
  }
  return JSON.stringify(Object.fromEntries([...names].map((n) => [n, ''])), null, 2);
}

/** An action's page under the console: its list links there and adding one goes there. */
export const actionPath = (a: { name: string }): string => `actions/${a.name}`;
