// The first-start demo: a Moveworks simulator in-process, a connector to it and an action a newcomer can run.
import type { Logger } from './core/ports/logger.js';
import type { ActionService } from './engine/action-service.js';
import type { ConnectorService } from './engine/connector-service.js';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID, startSimulator } from './sim/index.js';

export const DEMO_CONNECTOR = 'moveworks-demo';
export const DEMO_ACTION = 'demo-notify';

export interface Demo {
  readonly simulatorUrl: string;
  /** Copy-paste lines for the start banner. */
  readonly instructions: string;
  close(): Promise<void>;
}

/**
 * Starts the demo when the installation has no connectors yet, or only the demo one (its simulator port
 * changes on every start, so the connector is pointed at the new one). Resolves undefined otherwise.
 */
export async function startDemo(deps: {
  connectors: ConnectorService;
  actions: ActionService;
  logger: Logger;
}): Promise<Demo | undefined> {
  const existing = (await deps.connectors.list()).map((c) => c.name);
  if (existing.some((name) => name !== DEMO_CONNECTOR)) return undefined;
  const sim = await startSimulator({ port: 0 });
  const auth = {
    type: 'oauth2_client_credentials',
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    oauth2TokenUrl: `${sim.url}/oauth/v1/token`,
    oauth2ClientAuthentication: 'request_body',
  };
  if (existing.includes(DEMO_CONNECTOR))
    await deps.connectors.update(DEMO_CONNECTOR, { baseUrl: sim.url, auth });
  else
    await deps.connectors.create({
      name: DEMO_CONNECTOR,
      description: 'Demo: the built-in Moveworks simulator (ferry sim)',
      baseUrl: sim.url,
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
  deps.logger.info({ simulator: sim.url }, 'demo simulator started');
  return {
    simulatorUrl: sim.url,
    instructions: [
      `Demo: a Moveworks simulator runs at ${sim.url} behind connector "${DEMO_CONNECTOR}". In another terminal:`,
      `  npx ferry connectors test ${DEMO_CONNECTOR}`,
      `  npx ferry actions run ${DEMO_ACTION} --input text="Hello from Ferry" --user you@example.com`,
      `  curl -s ${sim.url}/_sim/messages        # what Moveworks received`,
      `(FERRY_DEMO=false turns the demo off.)`,
    ].join('\n'),
    close: () => sim.close(),
  };
}
