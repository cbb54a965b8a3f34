// The Connection Test: a token request and GET /rest/v1/auth/test, with a hint naming the setting to check.
import { isFerryError } from '../../core/errors.js';
import type { MoveworksClient } from '../../core/ports/moveworks.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';

export interface ConnectionTestResult {
  readonly ok: boolean;
  /** What was done, e.g. `POST https://api.moveworks.ai/oauth/v1/token → token`. */
  readonly steps: string[];
  readonly error?: {
    readonly code: string;
    readonly message: string;
    /** The settings most likely wrong. */
    readonly check: string[];
  };
}

const REGION_HINT =
  'the API URL must be your organisation\'s region (a wrong region answers 401 "Token validation failed")';

export async function connectionTest(
  sub: Subscription,
  client: MoveworksClient,
): Promise<ConnectionTestResult> {
  const steps: string[] = [];
  const usesClientCredentials = sub.clientId !== undefined && sub.clientSecret !== undefined;
  try {
    if (usesClientCredentials) {
      await client.token();
      steps.push(`POST ${sub.apiUrl}/oauth/v1/token → token received`);
    }
    const test = await client.authTest();
    steps.push(`GET ${sub.apiUrl}/rest/v1/auth/test → ${test.status} ${test.message}`);
    if (test.ok) return { ok: true, steps };
    const check = usesClientCredentials ? ['apiUrl'] : ['apiKey', 'apiUrl'];
    const what = usesClientCredentials ? 'the token' : 'the API Key';
    return {
      ok: false,
      steps,
      error: {
        code: test.status === 401 ? 'AUTHENTICATION_FAILED' : `HTTP_${test.status}`,
        message: `Moveworks did not accept ${what} (Http Code: ${test.status}, "${test.message}"): check ${
          usesClientCredentials ? REGION_HINT : `the API Key, and that ${REGION_HINT}`
        }`,
        check,
      },
    };
  } catch (err) {
    if (!isFerryError(err)) throw err;
    const unreachable =
      err.code === 'ERR_OAUTH_TOKEN_URL_UNREACHABLE' || err.code.startsWith('ERR_OUTBOUND_');
    const refused = err.code === 'ERR_OAUTH_INVALID_CLIENT';
    // Anything else (a 429 or 5xx from the token endpoint) is Moveworks' side: no setting to blame.
    const check = unreachable ? ['apiUrl'] : refused ? ['clientId', 'clientSecret', 'apiUrl'] : [];
    const message = unreachable
      ? `could not reach Moveworks at ${sub.apiUrl}: check the API URL (${err.message})`
      : refused
        ? err.message
        : `${err.message}; Moveworks could not answer now, try again later`;
    return { ok: false, steps, error: { code: err.code, message, check } };
  }
}
