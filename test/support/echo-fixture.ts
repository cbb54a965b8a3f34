// Vitest fixture: one echo server and one outbound fetch for a test file, started before and closed after it.
import { afterAll, beforeAll } from 'vitest';
import { createOutboundFetch, type ClosableOutboundFetch } from '../../src/adapters/http/outbound.js';
import { startEchoServer, type EchoServer } from './echo-server.js';

export interface EchoFixture {
  readonly server: EchoServer;
  readonly fetch: ClosableOutboundFetch;
}

/** Registers the hooks; read the fields inside tests (they are set once `beforeAll` ran). */
export function useEchoServer(): EchoFixture {
  const fixture = {} as { server: EchoServer; fetch: ClosableOutboundFetch };
  beforeAll(async () => {
    fixture.server = await startEchoServer();
    fixture.fetch = createOutboundFetch();
  });
  afterAll(async () => {
    await fixture.fetch.close();
    await fixture.server.close();
  });
  return fixture;
}
