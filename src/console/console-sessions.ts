// The console's sessions: opaque random ids kept server-side, each with the admin token it was opened with.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/** A session lasts this long from sign-in (8 hours), whatever its use; then the user signs in again. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1_000;
/** Sessions held at most; the oldest go first (a flood of sign-ins cannot grow memory without end). */
const MAX_SESSIONS = 10_000;

export interface ConsoleSession {
  /** The cookie value: 256 random bits, meaningless outside this process. */
  readonly id: string;
  /** The admin token that signed in; the session ends when that token is revoked. */
  readonly tokenId: string;
  /** Synchronizer token every change must carry (form field `_csrf` or header `x-csrf-token`). */
  readonly csrf: string;
  readonly expiresAt: number;
}

const random = (): string => randomBytes(32).toString('base64url');

/** Compares two secrets in constant time (an unequal length says nothing about the content). */
export function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * In memory: a restart signs everyone out, which for an operator console is a fair price for keeping no session
 * secret in the database.
 */
export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(private readonly clock: Clock) {}

  open(tokenId: string): ConsoleSession {
    const now = this.clock.now();
    for (const [id, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(id);
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next();
      if (oldest.done === true) break;
      this.sessions.delete(oldest.value);
    }
    const session = { id: random(), tokenId, csrf: random(), expiresAt: now + SESSION_TTL_MS };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, or undefined (unknown, ended or expired). */
  find(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (session === undefined) return undefined;
    if (session.expiresAt > this.clock.now()) return session;
    this.sessions.delete(id);
    return undefined;
  }

  end(id: string): void {
    this.sessions.delete(id);
  }
}

export const newLoginNonce = random;
