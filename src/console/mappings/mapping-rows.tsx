// The rows of a mapping collection as editable table rows (type, destination, source), and back into rows.
import { MAPPING_TYPES, type MappingRow } from '../../core/mappings/mapping.js';
import { CONSOLE_BASE } from '../deps.js';
import { checked, defined, jsonField, text, type Form } from '../form.js';
import { Select } from '../parts.js';

/** What the source cell holds: the Message field, the formula, or the static value as JSON. */
function sourceOf(row: MappingRow): string {
  switch (row.type) {
    case 'field':
    case 'lookup':
      return row.field;
    case 'formula':
      return row.formula;
    case 'static':
      return JSON.stringify(row.value) ?? '';
  }
}

export function RowEditor(props: { k: string; row?: MappingRow | undefined }) {
  const { k, row } = props;
  const n = (f: string) => `row.${k}.${f}`;
  return (
    <tr data-row={k}>
      <td>
        <Select name={n('type')} label="type" options={MAPPING_TYPES} selected={row?.type ?? 'field'} />
      </td>
      <td>
        <textarea name={n('source')} aria-label="source" rows={1}>
          {row === undefined ? '' : sourceOf(row)}
        </textarea>
        <input
          name={n('table')}
          aria-label="lookup table"
          placeholder="lookup table"
          value={row?.type === 'lookup' ? row.table : ''}
        />
      </td>
      <td>
        <input name={n('destination')} aria-label="destination" value={row?.destination ?? ''} />
      </td>
      <td>
        <input name={n('description')} aria-label="description" value={row?.description ?? ''} />
      </td>
      <td>
        <button
          type="button"
          class="secondary"
          name="testRow"
          value={k}
          hx-post={`${CONSOLE_BASE}/mappings/evaluate`}
          hx-include="#sample-message"
          hx-target={`#formula-result`}
        >
          Test
        </button>
        <label class="inline">
          <input type="checkbox" name={n('remove')} /> remove
        </label>
      </td>
    </tr>
  );
}

/** The keys of the rows in the form, in the order they appear on the page. */
export const rowKeys = (form: Form): string[] =>
  Object.keys(form).flatMap((key) => /^row\.([A-Za-z0-9_-]+)\.type$/.exec(key)?.slice(1) ?? []);

/** The rows the form describes, except those marked for removal and an added row left empty. */
export function rowsFromForm(form: Form): Record<string, unknown>[] {
  return rowKeys(form).flatMap((k) => {
    const get = (f: string) => text(form, `row.${k}.${f}`);
    const source = get('source');
    if (checked(form, `row.${k}.remove`) || (source === undefined && get('destination') === undefined))
      return [];
    const type = get('type');
    const common = { type, destination: get('destination') ?? '', description: get('description') };
    const shaped =
      type === 'formula'
        ? { formula: source }
        : type === 'static'
          ? { value: jsonField(form, `row.${k}.source`, true) ?? '' }
          : type === 'lookup'
            ? { field: source, table: get('table') }
            : { field: source };
    return [defined({ ...common, ...shaped })];
  });
}
