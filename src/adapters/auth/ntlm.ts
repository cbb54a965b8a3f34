// NTLM auth (MS-NLMP, MS-NTHT): the handshake runs inside a transport of its own, bound to one connection.
import { randomBytes } from 'node:crypto';
import type { AuthOf } from '../../core/connectors/auth-config.js';
import type { Clock } from '../../core/clock.js';
import { AuthError, FerryError } from '../../core/errors.js';
import type { StaticAuthMethod } from '../../core/ports/auth-method.js';
import type { OutboundFetch, OutboundInit, OutboundTransports } from '../../core/ports/outbound.js';
import { fileTime, ntowfV2 } from './ntlm-crypto.js';
import { authenticateMessage, negotiateMessage, parseChallenge } from './ntlm-messages.js';

/** The scheme a 401 offers: NTLM first, else Negotiate (whose NTLM fallback Windows uses without Kerberos). */
function offered(res: Response): 'NTLM' | 'Negotiate' | undefined {
  if (res.status !== 401) return undefined;
  const schemes = (res.headers.get('www-authenticate') ?? '').split(',').map((s) => s.trim().split(' ')[0]);
  if (schemes.some((s) => s?.toLowerCase() === 'ntlm')) return 'NTLM';
  if (schemes.some((s) => s?.toLowerCase() === 'negotiate')) return 'Negotiate';
  return undefined;
}

const withAuthorization = (init: OutboundInit, value: string, body: boolean): OutboundInit => {
  const headers = new Headers(init.headers);
  headers.set('authorization', value);
  const { body: original, ...rest } = init;
  return body && original !== undefined ? { ...rest, headers, body: original } : { ...rest, headers };
};

export function ntlm(
  connector: string,
  config: AuthOf<'ntlm'>,
  deps: { readonly clock: Clock; readonly transports?: OutboundTransports | undefined },
): StaticAuthMethod {
  if (deps.transports === undefined)
    throw new FerryError('ERR_INTERNAL', 'NTLM needs the outbound transports; none were given');
  // One connection per origin: the server ties the authenticated identity to that TCP connection.
  const base = deps.transports({ connectionsPerOrigin: 1 });
  const who = config.domain === '' ? config.username : `${config.domain}\\${config.username}`;
  const key = ntowfV2(config.username, config.password, config.domain);
  key.catch(() => undefined);
  const flights = new Map<string, Promise<unknown>>();

  /** NEGOTIATE → CHALLENGE → AUTHENTICATE carrying the real request, on the connection of `origin`. */
  async function handshake(url: string | URL, init: OutboundInit, scheme: string): Promise<Response> {
    const negotiate = negotiateMessage();
    const first = await base(
      url,
      withAuthorization(init, `${scheme} ${negotiate.toString('base64')}`, false),
    );
    const header = first.headers.get('www-authenticate') ?? '';
    await first.arrayBuffer();
    const token = new RegExp(`(?:^|,)\\s*${scheme}\\s+([A-Za-z0-9+/=]+)`, 'i').exec(header)?.[1];
    let challenge;
    try {
      if (first.status !== 401 || token === undefined) throw new RangeError('no CHALLENGE message');
      challenge = parseChallenge(Buffer.from(token, 'base64'));
    } catch {
      throw new AuthError(
        'ERR_AUTH_NTLM_HANDSHAKE',
        `connector "${connector}": the server answered the NTLM NEGOTIATE message with ${first.status} and no valid CHALLENGE`,
      );
    }
    const identity = {
      user: config.username,
      domain: config.domain,
      workstation: config.workstation,
      responseKey: await key,
    };
    const now = fileTime(deps.clock.now());
    const message = authenticateMessage(negotiate, challenge, identity, randomBytes(8), now);
    const res = await base(url, withAuthorization(init, `${scheme} ${message.toString('base64')}`, true));
    if (offered(res) === undefined) return res;
    await res.arrayBuffer();
    throw new AuthError(
      'ERR_AUTH_NTLM_REJECTED',
      `connector "${connector}": the server refused the NTLM credentials of ${who}; check username, password and domain`,
    );
  }

  const send: OutboundFetch = async (url, init = {}) => {
    const origin = new URL(url).origin;
    for (let round = 0; round < 3; round++) {
      const pending = flights.get(origin);
      if (pending !== undefined) await pending;
      const res = await base(url, init);
      const scheme = offered(res);
      if (scheme === undefined) return res;
      await res.arrayBuffer();
      // Another request began the handshake while this one waited: let it finish, then try again.
      if (flights.has(origin)) continue;
      const own = handshake(url, init, scheme);
      const flight = own.then(
        () => undefined,
        (e: unknown) => Promise.reject(e as Error),
      );
      flight.catch(() => undefined);
      flights.set(origin, flight);
      void flight.finally(() => flights.delete(origin)).catch(() => undefined);
      return own;
    }
    throw new AuthError(
      'ERR_AUTH_NTLM_REJECTED',
      `connector "${connector}": the server kept asking for NTLM after the handshake`,
    );
  };
  return {
    kind: 'static',
    transport: Object.assign(send, { close: () => base.close() }),
    apply: () => undefined,
    describe: () => `NTLMv2 as ${who}, handshake on one kept-alive connection per origin`,
  };
}
