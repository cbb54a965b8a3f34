// The first-start demo: a Moveworks simulator in-process, a connector to it and an action a newcomer can run.
import type { Logger } from '../core/ports/logger.js';
import type { ActionService } from '../engine/actions/action-service.js';
import type { ConnectorService } from '../engine/connectors/connector-service.js';
import type { SubscriptionService } from '../engine/subscriptions/subscription-service.js';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID, startSimulator } from '../sim/index.js';

export const DEMO_CONNECTOR = 'moveworks-demo';
export const DEMO_ACTION = 'demo-notify';
export const DEMO_SUBSCRIPTION = 'Moveworks - Demo';

export interface Demo {
  readonly simulatorUrl: string;
  /** Copy-paste lines for the start banner. */
  readonly instructions: string;
  close(): Promise<void>;
}

/**
 * Starts the demo when the installation has no subscriptions or connectors of its own yet: a simulator, the
 * demo subscription and the demo connector pointed at it (its port changes on every start). Resolves undefined
 * when both have been replaced by real ones.
 */
export async function startDemo(deps: {
  connectors: ConnectorService;
  actions: ActionService;
  subscriptions: SubscriptionService;
  logger: Logger;
}): Promise<Demo | undefined> {
  const existing = (await deps.connectors.list()).map((c) => c.name);
  const subs = await deps.subscriptions.list();
  const wantConnector = !existing.some((name) => name !== DEMO_CONNECTOR);
  const wantSubscription = !subs.some((s) => s.name !== DEMO_SUBSCRIPTION);
  if (!wantConnector && !wantSubscription) return undefined;
  const sim = await startSimulator({ port: 0 });
  const lines = [`Demo: a Moveworks simulator runs at ${sim.url}. In another terminal:`];
  if (wantSubscription) {
    await demoSubscription(deps.subscriptions, sim.url, subs.find((s) => s.name === DEMO_SUBSCRIPTION)?.id);
    lines.push(
      `  npx ferry send --id hello-1 --text "Hello from Ferry" --to you@example.com   # subscription "${DEMO_SUBSCRIPTION}"`,
      `  npx ferry logs                                 # the activity log: delivered`,
    );
  }
  if (wantConnector) {
    await demoConnector(deps, sim.url, existing.includes(DEMO_CONNECTOR));
    lines.push(
      `  npx ferry actions run ${DEMO_ACTION} --input text="Hello from an action" --user you@example.com`,
    );
  }
  lines.push(
    `  curl -s ${sim.url}/_sim/messages        # what Moveworks received`,
    `(FERRY_DEMO=false turns the demo off.)`,
  );
  deps.logger.info({ simulator: sim.url }, 'demo simulator started');
  return { simulatorUrl: sim.url, instructions: lines.join('\n'), close: () => sim.close() };
}

async function demoSubscription(subscriptions: SubscriptionService, url: string, id: string | undefined) {
  const settings = {
    apiUrl: url,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    defaultEventId: DEMO_EVENT_ID,
  };
  if (id === undefined) await subscriptions.create({ name: DEMO_SUBSCRIPTION, ...settings });
  else await subscriptions.update(id, settings);
}

async function demoConnector(
  deps: { connectors: ConnectorService; actions: ActionService },
  url: string,
  exists: boolean,
): Promise<void> {
  const auth = {
    type: 'oauth2_client_credentials',
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    oauth2TokenUrl: `${url}/oauth/v1/token`,
    oauth2ClientAuthentication: 'request_body',
  };
  if (exists) await deps.connectors.update(DEMO_CONNECTOR, { baseUrl: url, auth });
  else
    await deps.connectors.create({
      name: DEMO_CONNECTOR,
      description: 'Demo: the built-in Moveworks simulator (ferry sim)',
      baseUrl: url,
      auth,
      testPath: '/rest/v1/auth/test',
    });
  if (!(await deps.actions.list()).some((a) => a.name === DEMO_ACTION))
    await deps.actions.create({
      name: DEMO_ACTION,
      description: 'Demo: send a Moveworks message to the user the action runs for',
      connector: DEMO_CONNECTOR,
      method: 'POST',
      endpoint: `/rest/v1/events/${DEMO_EVENT_ID}/messages/send`,
      body: {
        message: '{{text}}',
        recipients: ['{{meta_info.user.email_addr}}'],
        context: { slots: { source: 'ferry demo' } },
      },
    });
}
