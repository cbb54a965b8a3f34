// No Auth: the connector's requests go out without credentials.
import type { StaticAuthMethod } from '../../core/ports/auth-method.js';

/** Adds nothing; `describe` says so, so a connector check still reports what happened. */
export function noAuth(): StaticAuthMethod {
  return {
    kind: 'static',
    apply: () => undefined,
    describe: () => 'no credentials added (auth type none)',
  };
}
