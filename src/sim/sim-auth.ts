// Credentials on a simulated API request: `Authorization: Bearer <token or API key>`, as Moveworks documents it.
import type { SimReply, SimRequest } from './sim-reply.js';
import { unauthenticated } from './sim-reply.js';
import type { TokenStore } from './token-store.js';

const SCHEME = 'Bearer ';

/**
 * The client id behind the request's `Authorization: Bearer <token or API key>`, or the 401 to answer.
 * The scheme is matched as Moveworks documents it (`Bearer ` exactly), so a client that deviates finds out here.
 */
export function authenticate(req: SimRequest, state: { readonly tokens: TokenStore }): string | SimReply {
  const header = req.headers.authorization;
  if (header === undefined || header === '') return unauthenticated('Missing Authorization header');
  if (!header.startsWith(SCHEME)) return unauthenticated('Authorization header must use the Bearer scheme');
  const check = state.tokens.check(header.slice(SCHEME.length).trim());
  switch (check.kind) {
    case 'valid':
      return check.clientId;
    case 'expired':
      return unauthenticated('Token validation failed: the token has expired');
    case 'unknown':
      return unauthenticated('Token validation failed');
  }
}
