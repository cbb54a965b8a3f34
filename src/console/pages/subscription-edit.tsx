// One subscription: every setting, the Connection Test and a Send Test.
import { CONSOLE_BASE, type RegisterPage } from '../deps.js';
import { outcome, readForm, text } from '../form.js';
import { Notice, page } from '../layout.js';
import { CardForm, Saved, TestCard } from '../parts.js';
import { SubscriptionFields, subscriptionBody, subscriptionPath } from './subscription-form.js';

export const subscriptionEdit: RegisterPage = (app, deps) => {
  app.get('/subscriptions/:id', async (c) => {
    const sub = await deps.subscriptions.get(c.req.param('id'));
    const base = `${CONSOLE_BASE}/${subscriptionPath(sub)}`;
    return page(
      c,
      sub.name,
      <>
        {sub.health !== 'ok' && (
          <Notice ok={false}>
            Delivery is stopped: {sub.healthDetail ?? sub.health}. A passing Connection Test resumes it.
          </Notice>
        )}
        <CardForm id="edit-subscription" post={base} result="save-result" submit="Save">
          <SubscriptionFields sub={sub} />
        </CardForm>
        <TestCard title="Connection Test" post={`${base}/test`} button="Run the Connection Test" />
        <CardForm id="send-test" post={`${base}/send-test`} result="send-result" submit="Send">
          <h2>Send Test</h2>
          <label>
            Recipients (comma separated)
            <input name="to" />
          </label>
          <label>
            Message
            <input name="message" value="Test message from Ferry" />
          </label>
          <label>
            Event ID (default: the subscription's)
            <input name="eventId" />
          </label>
        </CardForm>
      </>,
    );
  });

  app.post('/subscriptions/:id', (c) =>
    outcome(c, async () => {
      const sub = await deps.subscriptions.update(
        c.req.param('id'),
        subscriptionBody(await readForm(c), false),
      );
      return <Saved name={sub.name} />;
    }),
  );

  app.post('/subscriptions/:id/test', (c) =>
    outcome(c, async () => {
      const result = await deps.subscriptions.test(c.req.param('id'));
      return (
        <Notice ok={result.ok}>
          {result.ok ? 'Connection Test passed.' : 'Connection Test failed.'}
          <pre>{JSON.stringify(result, null, 2)}</pre>
        </Notice>
      );
    }),
  );

  app.post('/subscriptions/:id/send-test', (c) =>
    outcome(c, async () => {
      const form = await readForm(c);
      const result = await deps.subscriptions.sendTest(c.req.param('id'), {
        to: (text(form, 'to') ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        message: text(form, 'message') ?? '',
        eventId: text(form, 'eventId'),
      });
      return (
        <Notice ok={result.ok}>
          {result.ok
            ? `Delivered (HTTP ${result.httpStatus ?? ''}).`
            : `Not delivered: ${result.error ?? result.outcome}`}
        </Notice>
      );
    }),
  );
};
