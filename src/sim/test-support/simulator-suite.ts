// One real simulator per test file, reset before each test with a fresh demo token.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from '../index.js';
import { bearer, call, eventPath, fetchToken, type Answer } from './sim-http.js';

export interface SimulatorSuite {
  readonly sim: RunningSimulator;
  /** A demo client-credentials token obtained before this test. */
  readonly token: string;
  /** POSTs `body` as JSON to `path` (default: the demo event's send endpoint) with this test's token. */
  send(body: unknown, path?: string): Promise<Answer>;
}

/** Starts the simulator before the file's tests and closes it after; read `sim` and `token` inside tests. */
export function useSimulator(options: StartSimulatorOptions): SimulatorSuite {
  let sim: RunningSimulator | undefined;
  let token = '';
  const running = (): RunningSimulator => {
    if (!sim) throw new Error('the simulator starts in beforeAll; read it inside a test');
    return sim;
  };
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(() => sim?.close());
  beforeEach(async () => {
    running().state.reset();
    token = await fetchToken(running().url);
  });
  return {
    get sim() {
      return running();
    },
    get token() {
      return token;
    },
    send: (body, path = eventPath()) => call(running().url, path, { body, headers: bearer(token) }),
  };
}

/** `n` distinct recipient addresses. */
export const recipients = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `user${i}@example.com`);
