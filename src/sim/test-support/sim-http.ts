// Test helpers: real HTTP calls to a running simulator with undici, and the demo token dance.
import { request } from 'undici';
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_EVENT_ID } from '../sim-options.js';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export interface CallOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  /** A string is sent as is; anything else as JSON with `content-type: application/json`. */
  readonly body?: unknown;
  /** Give up waiting for response headers after this many ms (undici's headersTimeout). */
  readonly timeoutMs?: number;
}

export async function call(baseUrl: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (typeof options.body === 'string') body = options.body;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await request(`${baseUrl}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
    ...(options.timeoutMs === undefined ? {} : { headersTimeout: options.timeoutMs }),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** A form-encoded client-credentials token request, as Moveworks' own example sends it. */
export async function fetchToken(
  baseUrl: string,
  clientId = DEMO_CLIENT_ID,
  clientSecret = DEMO_CLIENT_SECRET,
): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  const answer = await call(baseUrl, '/oauth/v1/token', {
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (answer.status !== 200) throw new Error(`token request failed with ${answer.status}: ${answer.text}`);
  return (answer.json as { access_token: string }).access_token;
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export const eventPath = (eventId: string = DEMO_EVENT_ID): string =>
  `/rest/v1/events/${eventId}/messages/send`;

/** A valid send body, with overrides. */
export const sendBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  message: 'Your laptop is ready for pickup at <b>IT Desk 3</b> :tada:',
  recipients: ['ada@example.com'],
  context: { slots: { ticket: 'INC-1042' } },
  ...overrides,
});

/** The `{"error":{"code"}}` of an answer, for assertions on code first. */
export const errorCode = (answer: Answer): unknown =>
  (answer.json as { error?: { code?: unknown } } | undefined)?.error?.code;
