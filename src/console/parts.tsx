// The pieces every console page builds with: tables, selects, htmx card forms, test cards and the "Saved" answer.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { CONSOLE_BASE, type ConsoleEnv } from './deps.js';
import { outcome, readForm, type Form } from './form.js';
import { Notice } from './layout.js';

/** A table with its header row; the body rows are the children. */
export const Table = (props: { id?: string | undefined; head: readonly string[]; children?: Child }) => (
  <table id={props.id}>
    <thead>
      <tr>
        {props.head.map((h) => (
          <th>{h}</th>
        ))}
      </tr>
    </thead>
    <tbody>{props.children}</tbody>
  </table>
);

/** A list's first cell: the item's name, linking to its page under the console. */
export const NameCell = (props: { path: string; name: string }) => (
  <td>
    <a href={`${CONSOLE_BASE}/${props.path}`}>{props.name}</a>
  </td>
);

/** An option: its value, or its value and the label shown. */
export type Option = string | readonly [value: string, label: string];

/** A select of options, the current one selected; `any` puts an empty "any" option first. */
export function Select(props: {
  name: string;
  options: readonly Option[];
  selected?: string | undefined;
  any?: boolean;
  label?: string;
}) {
  const pairs = props.options.map((o) => (typeof o === 'string' ? ([o, o] as const) : o));
  return (
    <select name={props.name} aria-label={props.label}>
      {props.any === true && <option value="">any</option>}
      {pairs.map(([value, label]) => (
        <option value={value} selected={props.selected === value}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** An htmx form in a card: its fields, the submit button, and the place its answer is swapped into. */
export const CardForm = (props: {
  id: string;
  post: string;
  result: string;
  submit: string;
  multipart?: boolean;
  children?: Child;
}) => (
  <form
    class="card"
    hx-post={props.post}
    hx-encoding={props.multipart === true ? 'multipart/form-data' : undefined}
    hx-target={`#${props.result}`}
    id={props.id}
  >
    {props.children}
    <button type="submit">{props.submit}</button>
    <div id={props.result}></div>
  </form>
);

/** A card with one button that posts to a test and shows its report in #test-result. */
export const TestCard = (props: { title: string; post: string; button: string; children?: Child }) => (
  <section class="card">
    <h2>{props.title}</h2>
    {props.children}
    <button hx-post={props.post} hx-target="#test-result">
      {props.button}
    </button>
    <div id="test-result"></div>
  </section>
);

export const Saved = (props: { name: string }) => <Notice ok={true}>Saved {props.name}.</Notice>;

/** A list page's "Add …" heading and card form (id add-<last word of what>), posting to the list's path. */
export const AddForm = (props: { path: string; what: string; submit: string; children?: Child }) => (
  <>
    <h2>{`Add ${props.what}`}</h2>
    <CardForm
      id={`add-${props.what.split(' ').pop() ?? ''}`}
      post={`${CONSOLE_BASE}/${props.path}`}
      result="add-result"
      submit={props.submit}
    >
      {props.children}
    </CardForm>
  </>
);

/** Adds an item from the posted form and sends htmx on to the item's page (or answers the problem). */
export const addFrom = <P,>(
  c: Context<ConsoleEnv>,
  add: (form: Form) => Promise<P & { name: string }>,
  pathOf: (item: P) => string,
) =>
  outcome(c, async () => {
    const saved = await add(await readForm(c));
    c.header('hx-redirect', `${CONSOLE_BASE}/${pathOf(saved)}`);
    return <Saved name={saved.name} />;
  });
