// What the console's pages get: the engine services the API has, and the signed-in session.
import type { Hono } from 'hono';
import type { ApiDeps } from '../http/deps.js';
import type { ConsoleSession, ConsoleSessions } from './console-sessions.js';

export interface ConsoleDeps extends ApiDeps {
  readonly sessions: ConsoleSessions;
}

export type ConsoleEnv = { Variables: { session: ConsoleSession } };
export type ConsoleApp = Hono<ConsoleEnv>;

/** Registers one page (and the fragments it loads) on the console app. */
export type RegisterPage = (app: ConsoleApp, deps: ConsoleDeps) => void;

export const CONSOLE_BASE = '/console';
export const SESSION_COOKIE = 'ferry_console';
