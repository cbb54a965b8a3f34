// Bearer secrets Ferry hands out (admin tokens, sessions, sign-in links, OAuth state): made here, stored hashed.
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters, the RFC 7636 §4.1 recommendation for a code verifier. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** What is stored instead of a token: its SHA-256, hex (the tokens are random, so no salt is needed). */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
