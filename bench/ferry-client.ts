// Talks to a running Ferry over its admin API: subscriptions, single and bulk sends, transfer counts.
import { request } from 'undici';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID } from '../src/sim/index.js';
import { benchMessage, ndjsonStream } from './messages.js';

export interface BulkResult {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejectedCount: number;
  /** From the first byte sent to the summary read, ms. */
  readonly ms: number;
}

export class FerryClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async api<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const res = await request(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as T };
  }

  /** Saves a subscription against the simulator at `simUrl`, with its Connection Test unless `test` is false. */
  async subscribe(simUrl: string, settings: Record<string, unknown>, test = true): Promise<string> {
    const res = await this.api<{ id: string }>('POST', `/subscriptions?test=${String(test)}`, {
      name: `bench ${Math.random().toString(36).slice(2, 8)}`,
      apiUrl: simUrl,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      defaultEventId: DEMO_EVENT_ID,
      ...settings,
    });
    if (res.status !== 201) throw new Error(`subscription not saved: ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** Changes a subscription's settings without a Connection Test. */
  async update(subscriptionId: string, settings: Record<string, unknown>): Promise<void> {
    const res = await this.api('PATCH', `/subscriptions/${subscriptionId}?test=false`, settings);
    if (res.status !== 200) throw new Error(`subscription not updated: ${JSON.stringify(res.body)}`);
  }

  /** POSTs one benchmark Message; resolves the HTTP status. */
  async send(prefix: string, i: number): Promise<number> {
    return (await this.api('POST', '/messages', benchMessage(prefix, i))).status;
  }

  /** Streams `count` Messages to POST /api/v1/messages/bulk as NDJSON. */
  async bulk(prefix: string, count: number): Promise<BulkResult> {
    const started = performance.now();
    const res = await request(`${this.url}/api/v1/messages/bulk`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/x-ndjson' },
      body: ndjsonStream(prefix, count),
      headersTimeout: 600_000,
      bodyTimeout: 600_000,
    });
    const summary = (await res.body.json()) as Omit<BulkResult, 'ms'>;
    if (res.statusCode !== 200) throw new Error(`bulk ingest failed: ${JSON.stringify(summary)}`);
    return { ...summary, ms: performance.now() - started };
  }

  /** Transfers of the subscription per status. */
  async counts(subscriptionId: string): Promise<Record<string, number>> {
    const res = await this.api<{ transfers?: Record<string, number> }>(
      'GET',
      `/subscriptions/${subscriptionId}`,
    );
    return res.body.transfers ?? {};
  }

  /** Polls every `intervalMs` until `delivered` reaches `count`; resolves performance.now() of that poll. */
  async waitDelivered(subscriptionId: string, count: number, timeoutMs: number, intervalMs = 50) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const counts = await this.counts(subscriptionId);
      const now = performance.now();
      if ((counts.delivered ?? 0) >= count) return { atMs: now, counts };
      if (now > deadline)
        throw new Error(`timed out waiting for ${count} delivered: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
