// Tests a formula on a sample Message with the engine's evaluation (as `ferry formula eval` does): value or error.
import { type RegisterPage } from '../deps.js';
import { jsonField, outcome, readForm, text } from '../form.js';
import { Notice } from '../layout.js';

export const SAMPLE_MESSAGE = JSON.stringify(
  {
    Id: 'sample-1',
    Text: 'Your laptop is ready for pickup',
    Detail: 'Desk 4, second floor',
    CustomFields: { 'Moveworks Message Recipients': 'ada@example.test', Ticket: 'INC0012345' },
  },
  null,
  2,
);

export const formulaTest: RegisterPage = (app, deps) => {
  app.post('/mappings/evaluate', (c) =>
    outcome(c, async () => {
      const form = await readForm(c);
      const row = text(form, 'testRow');
      const formula = text(form, row === undefined ? 'formula' : `row.${row}.source`);
      if (formula === undefined) return <Notice ok={false}>Write a formula to test first.</Notice>;
      const result = await deps.mappings.evaluate({ message: jsonField(form, 'message'), formula });
      if (result.error !== undefined)
        return (
          <Notice ok={false}>
            <strong>{result.error.code}</strong>: {result.error.message}
          </Notice>
        );
      return (
        <Notice ok={true}>
          Result: <pre class="formula-value">{JSON.stringify(result.value, null, 2) ?? 'undefined'}</pre>
        </Notice>
      );
    }),
  );
};
