// One HTTP action: change it, and run it with inputs, showing the system's answer with every secret masked.
import type { ActionRunResult } from '../../core/actions/action.js';
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { jsonField, outcome, readForm, text } from '../form.js';
import { Notice, page } from '../layout.js';
import { CardForm, Saved } from '../parts.js';
import { ActionFields, actionBody, actionPath, inputSkeleton } from './action-form.js';

function RunResult(props: { result: ActionRunResult; scrub: (t: string) => string }) {
  const { result, scrub } = props;
  const ok = result.status >= 200 && result.status < 300;
  const body = typeof result.body === 'string' ? result.body : JSON.stringify(result.body, null, 2);
  return (
    <Notice ok={ok}>
      <strong class="run-status">{`HTTP ${result.status}`}</strong> {`in ${result.durationMs} ms`}
      <h3>Headers</h3>
      <pre class="run-headers">{scrub(JSON.stringify(result.headers, null, 2))}</pre>
      <h3>Body</h3>
      <pre class="run-body">{scrub(body ?? '')}</pre>
    </Notice>
  );
}

export const actionEdit: RegisterPage = (app, deps) => {
  app.get('/actions/:name', async (c) => {
    const [action, connectors] = await Promise.all([
      deps.actions.get(c.req.param('name')),
      deps.connectors.list(),
    ]);
    const base = `${CONSOLE_BASE}/${actionPath(action)}`;
    return page(
      c,
      `Action ${action.name}`,
      <>
        <CardForm id="run-action" post={`${base}/run`} result="run-result" submit="Run the action">
          <h2>Run</h2>
          <label>
            Inputs (JSON object; fills the {'{{variables}}'})
            <textarea name="inputs">{inputSkeleton(action)}</textarea>
          </label>
          <label>
            User (email; needed by a per-user connector)
            <input name="user" type="email" />
          </label>
        </CardForm>
        <CardForm id="edit-action" post={base} result="save-result" submit="Save">
          <ActionFields action={action} connectors={connectors} />
        </CardForm>
      </>,
    );
  });

  app.post('/actions/:name', (c) =>
    outcome(c, async () => {
      const saved = await deps.actions.update(c.req.param('name'), actionBody(await readForm(c), false));
      return <Saved name={saved.name} />;
    }),
  );

  app.post('/actions/:name/run', (c) =>
    outcome(c, async () => {
      const form = await readForm(c);
      const user = text(form, 'user');
      const result = await deps.actions.run(c.req.param('name'), {
        inputs: jsonField(form, 'inputs') ?? {},
        ...(user === undefined ? {} : { user }),
      });
      return <RunResult result={result} scrub={deps.scrub} />;
    }),
  );
};
