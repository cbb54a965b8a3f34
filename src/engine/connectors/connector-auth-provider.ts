// The ConnectorAuthProvider: builds each connector's auth method once and runs token methods through a TokenManager.
import { secretValues } from '../../core/connectors/auth-config.js';
import type { Connector } from '../../core/connectors/connector.js';
import { FerryError } from '../../core/errors.js';
import type {
  AppliedCredential,
  AuthContext,
  ConnectorAuth,
  ConnectorAuthProvider,
} from '../../core/ports/auth.js';
import type { AuthMethodFactory, StaticAuthMethod, TokenAuthMethod } from '../../core/ports/auth-method.js';
import { secondsLeft } from '../../core/connectors/token-margin.js';
import { TokenManager, type TokenKeeping } from './token-manager.js';
import { connectorConsent, subjectOf as subjectFor } from '../consent/user-consent.js';

export interface ConnectorAuthProviderDeps extends TokenKeeping {
  /** The auth adapters (`createAuthMethods` in src/adapters/auth). */
  readonly methods: AuthMethodFactory;
}

/** Static credentials carry no token; every request names generation 0. */
const STATIC_CREDENTIAL: AppliedCredential = Object.freeze({ generation: 0 });

/** Waits for `promise` unless `signal` aborts first; the shared token request itself keeps going for others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function staticAuth(method: StaticAuthMethod): ConnectorAuth {
  return {
    fetch: method.transport,
    authorize: (req) => {
      method.apply(req);
      return Promise.resolve(STATIC_CREDENTIAL);
    },
    rejected: () => Promise.resolve(false),
    check: () => Promise.resolve({ steps: [method.describe()] }),
  };
}

function tokenAuth(
  connector: string,
  method: TokenAuthMethod,
  deps: ConnectorAuthProviderDeps,
): ConnectorAuth {
  const manager = new TokenManager({ ...deps, connector, method });
  const perUser = method.consent !== undefined;
  const subjectOf = (ctx: AuthContext | undefined): string => subjectFor(connector, perUser, ctx);
  return {
    fetch: method.transport,
    consent:
      method.consent === undefined
        ? undefined
        : connectorConsent(connector, method.consent, manager, deps.logger.child({ connector })),
    async authorize(req, ctx) {
      const token = await abortable(manager.token(subjectOf(ctx)), ctx?.signal);
      method.apply(req, token.accessToken);
      return { generation: token.generation };
    },
    async rejected(applied, ctx) {
      await manager.drop(subjectOf(ctx), applied.generation);
      return true;
    },
    async check(ctx) {
      const token = await abortable(manager.token(subjectOf(ctx), true), ctx?.signal);
      return {
        steps:
          token.steps.length > 0 ? token.steps : ['used the token another request obtained a moment ago'],
        expiresInSeconds: secondsLeft(token, deps.clock.now()),
      };
    },
  };
}

/** Every call rejects with the error that building the method threw (a key that does not parse). */
function failingAuth(thrown: unknown): ConnectorAuth {
  const error =
    thrown instanceof Error ? thrown : new FerryError('ERR_INTERNAL', 'could not build the connector auth');
  const fail = (): Promise<never> => Promise.reject(error);
  return { authorize: fail, rejected: fail, check: fail };
}

interface Built {
  readonly auth: ConnectorAuth;
  readonly close: () => void;
}

function buildAuth(connector: Connector, deps: ConnectorAuthProviderDeps): Built {
  deps.scrubber.add(...secretValues(connector.auth));
  try {
    const method = deps.methods.create(connector.name, connector.auth, connector.baseUrl);
    const auth = method.kind === 'static' ? staticAuth(method) : tokenAuth(connector.name, method, deps);
    // A transport of its own holds a pool (and a client certificate): end it when the auth is replaced.
    return { auth, close: () => void method.transport?.close().catch(() => undefined) };
  } catch (e) {
    return { auth: failingAuth(e), close: () => undefined };
  }
}

/**
 * One ConnectorAuth per connector name, with its token cache, until `forget(name)`; a connector whose auth
 * config changed without `forget` gets a new one too.
 */
export function createConnectorAuthProvider(deps: ConnectorAuthProviderDeps): ConnectorAuthProvider {
  const auths = new Map<string, Built & { readonly config: string }>();
  return {
    validate: (auth) => deps.methods.validate(auth),
    forConnector(connector) {
      const config = JSON.stringify(connector.auth);
      const known = auths.get(connector.name);
      if (known?.config === config) return known.auth;
      known?.close();
      const built = buildAuth(connector, deps);
      auths.set(connector.name, { config, ...built });
      return built.auth;
    },
    forget(name) {
      auths.get(name)?.close();
      auths.delete(name);
    },
  };
}
