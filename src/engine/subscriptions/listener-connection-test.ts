// The Connection Test of a webhook listener subscription: checks the credentials, and never sends a notification.
import { listenerNotifyUrl } from '../../core/delivery/listener.js';
import { isFerryError } from '../../core/errors.js';
import type { ListenerClient } from '../../core/ports/destination.js';
import type { Subscription } from '../../core/subscriptions/subscription.js';
import type { ConnectionTestResult } from './connection-test.js';

/**
 * A notification would trigger the listener's plugins, and Moveworks offers no call that checks a listener
 * without one, so the test checks what it can apart from it: `oauth` obtains a token from the token URL (wrong
 * Client ID, Client Secret or URL fail here); `api_key` builds the header it would send (Moveworks checks the
 * key itself on each notification: a wrong one shows as a 401 on the first delivery); `none` has nothing to
 * check. The listener id is checked by the first delivery: a 404 fails that transfer, naming the id.
 */
export async function listenerConnectionTest(
  sub: Subscription,
  client: ListenerClient,
): Promise<ConnectionTestResult> {
  const auth = sub.listenerAuth ?? 'none';
  const target = listenerNotifyUrl(sub.apiUrl, sub.listenerId ?? '');
  const later = `no notification sent: ${target} is first called by a delivery`;
  const steps: string[] = [];
  try {
    if (auth === 'none') steps.push('unsecured listener: no credentials to check (1 request per 10 s)');
    else steps.push(...(await client.checkCredentials()).steps);
    if (auth === 'oauth') steps.push('token received');
    if (auth === 'api_key')
      steps.push('the API key is checked by Moveworks on each notification (a 401 stops delivery)');
    steps.push(later);
    return { ok: true, steps };
  } catch (err) {
    if (!isFerryError(err)) throw err;
    const tokenUrl = sub.tokenUrl === undefined ? 'apiUrl' : 'tokenUrl';
    const unreachable =
      err.code === 'ERR_OAUTH_TOKEN_URL_UNREACHABLE' || err.code.startsWith('ERR_OUTBOUND_');
    const refused = err.code === 'ERR_OAUTH_INVALID_CLIENT';
    const check = unreachable ? [tokenUrl] : refused ? ['clientId', 'clientSecret', tokenUrl] : [];
    const message = unreachable
      ? `could not reach the token URL: check the ${tokenUrl === 'apiUrl' ? 'API URL' : 'token URL'} (${err.message})`
      : refused
        ? err.message
        : `${err.message}; the token endpoint could not answer now, try again later`;
    return { ok: false, steps, error: { code: err.code, message, check } };
  }
}
