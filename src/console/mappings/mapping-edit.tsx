// One mapping collection: its settings and rows (source, formula, destination), and a formula tested on a sample.
import type { MappingCollection } from '../../core/mappings/mapping.js';
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { jsonField, num, outcome, readForm, text } from '../form.js';
import { Notice, page } from '../layout.js';
import { CardForm, Select, Table } from '../parts.js';
import { SAMPLE_MESSAGE } from './formula-test.js';
import { RowEditor, rowsFromForm } from './mapping-rows.js';

function Settings(props: { m: MappingCollection }) {
  const { m } = props;
  return (
    <fieldset>
      <legend>Collection</legend>
      <label>
        Name
        <input name="name" value={m.name} />
      </label>
      <label>
        Status
        <Select name="status" options={['Enabled', 'Inactive']} selected={m.status} />
      </label>
      <label>
        Sort order
        <input name="sortOrder" type="number" value={String(m.sortOrder)} />
      </label>
      <label>
        Mapping filter (formula; false skips the transfer)
        <textarea name="mappingFilter">{m.mappingFilter ?? ''}</textarea>
      </label>
      <label>
        Error filter (formula; a non-empty text fails the transfer)
        <textarea name="errorFilter">{m.errorFilter ?? ''}</textarea>
      </label>
      <label>
        Lookup tables (JSON: {'{"name": {"values": {…}, "default": …}}'})
        <textarea name="lookups">{JSON.stringify(m.lookups, null, 2)}</textarea>
      </label>
    </fieldset>
  );
}

export const mappingEdit: RegisterPage = (app, deps) => {
  /** A new, empty row for the table, keyed so it cannot clash with the rows already on the page. */
  app.get('/mappings/row', (c) => c.html(<RowEditor k={`n${crypto.randomUUID().slice(0, 8)}`} />));

  app.get('/mappings/:sub/:collection', async (c) => {
    const m = await deps.mappings.get(c.req.param('sub'), c.req.param('collection'));
    const sub = await deps.subscriptions.get(m.subscriptionId);
    return page(
      c,
      `Mapping ${m.name}`,
      <>
        <p class="hint">{`Subscription ${sub.name}. Rows apply in order; rows writing Message are joined.`}</p>
        <form
          class="card"
          hx-post={`${CONSOLE_BASE}/mappings/${sub.id}/${m.id}`}
          hx-target="#save-result"
          id="edit-mapping"
        >
          <Settings m={m} />
          <Table
            id="rows"
            head={['Type', 'Source field / formula / value', 'Destination', 'Description', '']}
          >
            {m.rows.map((row, i) => (
              <RowEditor k={String(i)} row={row} />
            ))}
          </Table>
          <div class="row">
            <button
              type="button"
              class="secondary"
              hx-get={`${CONSOLE_BASE}/mappings/row`}
              hx-target="#rows tbody"
              hx-swap="beforeend"
            >
              Add a row
            </button>
            <button type="submit">Save</button>
          </div>
          <div id="save-result"></div>
        </form>
        <CardForm
          id="formula-test"
          post={`${CONSOLE_BASE}/mappings/evaluate`}
          result="formula-result"
          submit="Evaluate"
        >
          <h2>Test a formula</h2>
          <label>
            Formula
            <textarea name="formula" placeholder="Truncate(Text, 20)"></textarea>
          </label>
          <label>
            Sample Message (JSON, as POST /api/v1/messages takes it)
            <textarea name="message" id="sample-message" rows={8}>
              {SAMPLE_MESSAGE}
            </textarea>
          </label>
        </CardForm>
      </>,
    );
  });

  app.post('/mappings/:sub/:collection', (c) =>
    outcome(c, async () => {
      const form = await readForm(c);
      const saved = await deps.mappings.update(c.req.param('sub'), c.req.param('collection'), {
        name: text(form, 'name'),
        status: text(form, 'status'),
        sortOrder: num(form, 'sortOrder'),
        // Undefined, not left out: an emptied filter is removed.
        mappingFilter: text(form, 'mappingFilter'),
        errorFilter: text(form, 'errorFilter'),
        lookups: jsonField(form, 'lookups') ?? {},
        rows: rowsFromForm(form),
      });
      return <Notice ok={true}>{`Saved ${saved.name}: ${saved.rows.length} rows.`}</Notice>;
    }),
  );
};
