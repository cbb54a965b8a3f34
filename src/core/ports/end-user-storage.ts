// Storage for end users: sessions, sign-in links and pending authorization states (hashed), and launch audiences.
// Times named `...At` are ms since the epoch; secrets are never stored, only their SHA-256 (hex).

export interface StoredSession {
  /** SHA-256 of the session cookie value. */
  readonly idHash: string;
  readonly email: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface StoredSignInLink {
  /** SHA-256 of the link's token. */
  readonly tokenHash: string;
  readonly email: string;
  readonly createdAt: number;
  readonly expiresAt: number;
}

/** An authorization request on its way through the browser: a connector's consent, or the user's sign-in. */
export interface StoredAuthorizationState {
  /** SHA-256 of the `state` value. */
  readonly stateHash: string;
  readonly purpose: 'connect' | 'sign_in';
  /** The signed-in user the state is bound to ('' for sign-in). */
  readonly email: string;
  /** The connector being connected ('' for sign-in). */
  readonly connector: string;
  /** The PKCE code verifier, sealed. */
  readonly sealedVerifier: string;
  readonly expiresAt: number;
}

/** What taking a single-use row found: the row, and whether this call was the one that used it. */
export interface Taken<T> {
  readonly row: T;
  readonly firstUse: boolean;
}

export interface SessionStore {
  /** Inserts, and deletes sessions that expired before the new one's `createdAt`. */
  insert(row: StoredSession): Promise<void>;
  /** The session unless it expired before `now`. */
  find(idHash: string, now: number): Promise<StoredSession | undefined>;
  delete(idHash: string): Promise<void>;
}

export interface SignInLinkStore {
  /** Inserts, and deletes links that expired before the new one's `createdAt`. */
  insert(row: StoredSignInLink): Promise<void>;
  /** Marks the link used, atomically; undefined when no such link exists. */
  take(tokenHash: string, now: number): Promise<Taken<StoredSignInLink> | undefined>;
}

export interface AuthorizationStateStore {
  /** Inserts, and deletes rows that expired before `row`'s creation time `now`. */
  insert(row: StoredAuthorizationState, now: number): Promise<void>;
  /** Marks the state used, atomically; undefined when no such state exists. */
  take(stateHash: string, now: number): Promise<Taken<StoredAuthorizationState> | undefined>;
}

export interface LaunchAudienceStore {
  /** Replaces the users an action is launched to. */
  set(action: string, users: readonly string[]): Promise<void>;
  /** The users an action is launched to, sorted; empty when none. */
  get(action: string): Promise<string[]>;
  /** How many users the action is launched to (every run asks, so it reads no list). */
  size(action: string): Promise<number>;
}

export interface EndUserStorage {
  readonly sessions: SessionStore;
  readonly signInLinks: SignInLinkStore;
  readonly authorizationStates: AuthorizationStateStore;
  readonly launchAudiences: LaunchAudienceStore;
}
