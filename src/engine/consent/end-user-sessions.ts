// End-user sign-in and sessions: OpenID Connect through the organisation's provider, or one-time sign-in links.
import type { Clock } from '../../core/clock.js';
import { EndUserError } from '../../core/errors.js';
import type { EndUserStorage } from '../../core/ports/end-user-storage.js';
import type { SignInProvider } from '../../core/ports/sign-in.js';
import type { AuthorizationStates } from './authorization-states.js';
import { hashToken, randomToken } from '../access/secret-tokens.js';

/** How long a signed-in session lasts. */
export const SESSION_TTL_MS = 8 * 60 * 60_000;
/** How long a sign-in link from `ferry users link` works (once). */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;

export interface EndUserSessionsDeps {
  readonly storage: EndUserStorage;
  readonly states: AuthorizationStates;
  readonly clock: Clock;
  /** The organisation's OpenID Connect provider; without one, users sign in with links. */
  readonly signIn: SignInProvider | undefined;
}

export interface NewSession {
  /** The cookie value; stored only as its SHA-256. */
  readonly token: string;
  readonly email: string;
  readonly expiresAt: number;
}

const linkInvalid = (why: string): EndUserError =>
  new EndUserError('ERR_USER_SIGN_IN_LINK_INVALID', `this sign-in link ${why}; ask an admin for a new one`);

export class EndUserSessions {
  constructor(private readonly deps: EndUserSessionsDeps) {}

  get usesOidc(): boolean {
    return this.deps.signIn !== undefined;
  }

  /** A one-time sign-in link token for `email`; refused when an OpenID Connect provider is configured. */
  async createLink(email: string): Promise<{ token: string; expiresAt: number }> {
    if (this.usesOidc)
      throw new EndUserError(
        'ERR_USER_SIGN_IN_LINKS_DISABLED',
        'users sign in through the OpenID Connect provider (FERRY_OIDC_ISSUER); sign-in links are off',
      );
    const token = randomToken();
    const createdAt = this.deps.clock.now();
    const expiresAt = createdAt + SIGN_IN_LINK_TTL_MS;
    const normalised = email.toLowerCase();
    await this.deps.storage.signInLinks.insert({
      tokenHash: hashToken(token),
      email: normalised,
      createdAt,
      expiresAt,
    });
    return { token, expiresAt };
  }

  async redeemLink(token: string): Promise<NewSession> {
    const taken = await this.deps.storage.signInLinks.take(hashToken(token), this.deps.clock.now());
    if (taken === undefined) throw linkInvalid('is not known');
    if (!taken.firstUse) throw linkInvalid('was already used');
    if (taken.row.expiresAt <= this.deps.clock.now()) throw linkInvalid('has expired');
    return this.open(taken.row.email);
  }

  /** Starts OpenID Connect sign-in: the provider URL and the state the browser must bring back (in a cookie). */
  async startSignIn(redirectUri: string): Promise<{ url: URL; state: string }> {
    const signIn = this.requireOidc();
    const { state, codeVerifier } = await this.deps.states.begin('sign_in', '', '');
    return { url: await signIn.authorizationUrl({ state, codeVerifier, redirectUri }), state };
  }

  /** Finishes sign-in: `cookieState` must be the state this browser started with. */
  async finishSignIn(
    callback: URL,
    cookieState: string | undefined,
    redirectUri: string,
  ): Promise<NewSession> {
    const signIn = this.requireOidc();
    const state = callback.searchParams.get('state') ?? undefined;
    // The cookie binds the callback to the browser that started it (no login CSRF).
    const taken = await this.deps.states.take(state === cookieState ? state : undefined, {
      purpose: 'sign_in',
      email: '',
    });
    const email = await signIn.finish(callback, state ?? '', taken.codeVerifier, redirectUri);
    return this.open(email);
  }

  /** The signed-in user of a session cookie, or undefined. */
  async userOf(token: string | undefined): Promise<string | undefined> {
    if (token === undefined || token === '') return undefined;
    return (await this.deps.storage.sessions.find(hashToken(token), this.deps.clock.now()))?.email;
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token !== undefined && token !== '') await this.deps.storage.sessions.delete(hashToken(token));
  }

  private async open(email: string): Promise<NewSession> {
    const token = randomToken();
    const createdAt = this.deps.clock.now();
    const expiresAt = createdAt + SESSION_TTL_MS;
    await this.deps.storage.sessions.insert({ idHash: hashToken(token), email, createdAt, expiresAt });
    return { token, email, expiresAt };
  }

  private requireOidc(): SignInProvider {
    if (this.deps.signIn === undefined)
      throw new EndUserError(
        'ERR_USER_SIGN_IN_REQUIRED',
        'no OpenID Connect provider is configured; ask an admin for a sign-in link (ferry users link)',
      );
    return this.deps.signIn;
  }
}
