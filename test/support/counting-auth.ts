// Test helper: a small ConnectorAuth that puts a numbered bearer token on requests and counts its calls.
import type {
  AppliedCredential,
  AuthCheck,
  ConnectorAuth,
  PreparedRequest,
} from '../../src/core/ports/auth.js';

export interface CountingAuth extends ConnectorAuth {
  readonly calls: { authorize: number; rejected: number };
  /** The token the next `authorize` puts on a request. */
  currentToken(): string;
}

/**
 * Token `tok-<generation>-<suffix>`; `rejected` moves to the next generation and resolves `renewable`
 * (false behaves like static credentials, for which a retry is pointless).
 */
export function countingAuth(renewable = true, suffix = 'Zq9xSecret'): CountingAuth {
  let generation = 1;
  const calls = { authorize: 0, rejected: 0 };
  const currentToken = () => `tok-${generation}-${suffix}`;
  return {
    calls,
    currentToken,
    authorize(req: PreparedRequest): Promise<AppliedCredential> {
      calls.authorize += 1;
      req.headers['authorization'] = `Bearer ${currentToken()}`;
      return Promise.resolve({ generation });
    },
    rejected(applied: AppliedCredential): Promise<boolean> {
      calls.rejected += 1;
      if (renewable && applied.generation === generation) generation += 1;
      return Promise.resolve(renewable);
    },
    check(): Promise<AuthCheck> {
      return Promise.resolve({ steps: ['static test token'] });
    },
  };
}
