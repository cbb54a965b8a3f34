// Test helper: actions, connectors and runner dependencies for action-runner tests.
import type { Action } from '../../src/core/actions/action.js';
import type { Connector } from '../../src/core/connectors/connector.js';
import type { ConnectorAuth } from '../../src/core/ports/auth.js';
import type { OutboundFetch } from '../../src/core/ports/outbound.js';
import { SecretScrubber } from '../../src/core/secret-scrubber.js';
import type { ActionRunnerDeps } from '../../src/engine/actions/action-runner.js';
import { recordingLogger, type RecordingLogger } from './recording-logger.js';

const STAMP = '2026-01-01T00:00:00.000Z';

export function makeAction(fields: Partial<Action> & Pick<Action, 'method' | 'endpoint'>): Action {
  return {
    name: 'test-action',
    description: '',
    connector: 'echo',
    headers: {},
    query: {},
    createdAt: STAMP,
    updatedAt: STAMP,
    ...fields,
  };
}

export function makeConnector(baseUrl: string): Connector {
  return {
    name: 'echo',
    description: '',
    baseUrl,
    auth: { type: 'none' },
    createdAt: STAMP,
    updatedAt: STAMP,
  };
}

/** A timer that advances `stepMs` on every reading, so durations are known in advance. */
export function steppingNow(stepMs: number): () => number {
  let t = 1_000;
  return () => (t += stepMs) - stepMs;
}

export interface TestDeps extends ActionRunnerDeps {
  readonly logger: RecordingLogger;
}

export function makeDeps(
  fetch: OutboundFetch,
  auth: ConnectorAuth,
  scrubber = new SecretScrubber(),
): TestDeps {
  return { fetch, auth, logger: recordingLogger(), scrubber, defaultTimeoutMs: 5_000, now: steppingNow(250) };
}
