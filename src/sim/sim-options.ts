// Options of the Moveworks simulator: one zod schema shared by startSimulator, `ferry sim` and POST /_sim/faults.
import { z } from 'zod';
import { ConfigError, ValidationError } from '../core/errors.js';
import { toIssues } from '../core/zod-issues.js';

/** The demo credentials and ids the simulator accepts when none are configured. */
export const DEMO_CLIENT_ID = 'ferry-demo';
export const DEMO_CLIENT_SECRET = 'ferry-demo-secret';
export const DEMO_EVENT_ID = '7c1f5d2e-3b4a-4c6d-8e9f-0a1b2c3d4e5f';
export const DEMO_LISTENER_ID = 'b2e4c6a8-1d3f-4a5b-9c7e-2f4d6b8a0c1e';

/** Events Workspace ids are UUIDs; any version is accepted, as the doc does not name one. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const rate = z.number().min(0).max(1);
const latency = z.union([
  z.number().min(0).max(600_000),
  z
    .strictObject({ minMs: z.number().min(0).max(600_000), maxMs: z.number().min(0).max(600_000) })
    .refine((r) => r.minMs <= r.maxMs, { message: 'minMs must not exceed maxMs' }),
]);
const storm = z.union([z.boolean(), z.strictObject({ durationMs: z.number().int().positive() })]);
const rateLimit = z.number().int().min(0);

/** The settings POST /_sim/faults and `state.setFaults` may change at run time; every field is optional. */
export const faultPatchSchema = z.strictObject({
  /** Fraction (0–1) of admitted API requests answered 500 INTERNAL. */
  errorRate: rate.optional(),
  /** Fraction (0–1) of admitted API requests whose connection is reset (TCP RST) after the body is read. */
  resetRate: rate.optional(),
  /** Fraction (0–1) of admitted API requests never answered: the socket stays open until the client gives up. */
  hangRate: rate.optional(),
  /** Delay added before every API answer, in ms: a fixed number or a uniform `{ minMs, maxMs }` range. */
  latencyMs: latency.optional(),
  /** 429 to every API request: `true` until turned off, `{ durationMs }` for that long from now, `false` stops. */
  rateLimitStorm: storm.optional(),
  /** Organisation-wide limit, requests per `rateLimitWindowMs` across every credential; 0 turns it off. */
  rateLimit: rateLimit.optional(),
});
export type FaultPatch = z.input<typeof faultPatchSchema>;
export type FaultChange = z.output<typeof faultPatchSchema>;

const client = z.strictObject({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

/** Every start-up option of the simulator, with defaults; `ferry sim` maps its flags onto these keys. */
export const simulatorOptionsSchema = z
  .strictObject({
    /** TCP port; default 0 (an ephemeral port, read it back from the result). */
    port: z.number().int().min(0).max(65_535).default(0),
    /** Address to listen on; default 127.0.0.1. */
    host: z.string().min(1).default('127.0.0.1'),
    /** OAuth clients accepted by POST /oauth/v1/token; default one demo client `ferry-demo`. */
    clients: z
      .array(client)
      .min(1)
      .default([{ clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET }]),
    /** Static API keys accepted as `Bearer <key>` wherever a token is; default none. */
    apiKeys: z.array(z.string().min(1)).default([]),
    /** Event ids (UUIDs) that exist in the Events Workspace; default one demo event. */
    events: z.array(z.string().regex(UUID_PATTERN, 'must be a UUID')).default([DEMO_EVENT_ID]),
    /** Accept any syntactically valid UUID as an event id; default false. */
    acceptAnyEvent: z.boolean().default(false),
    /** Webhook listeners, id → secured (5 req/s) or not (1 req/10 s); default one secured demo listener. */
    listeners: z.record(z.string().min(1), z.boolean()).default({ [DEMO_LISTENER_ID]: true }),
    /** Lifetime of issued access tokens, in seconds (`expires_in`); default 3600. */
    tokenLifetimeSeconds: z.number().int().min(1).default(3600),
    /** Organisation-wide limit, requests per window shared by every credential and endpoint; default 120, 0 = off. */
    rateLimit: rateLimit.default(120),
    /** Length of the sliding rate-limit window, in ms; default 60000 (Moveworks' "per minute"). */
    rateLimitWindowMs: z.number().int().min(1).default(60_000),
    /** Send `Retry-After` (seconds until a slot frees) with 429s; default true. False exercises a client's fallback. */
    retryAfterHeader: z.boolean().default(true),
    /**
     * Body shapes: `docs` (default) as the Moveworks docs show them; `openapi` as the OpenAPI file does, with the
     * token response wrapped in `{"data":{…}}` and errors flat `{"code","message"}`. Clients must read both.
     */
    responseStyle: z.enum(['docs', 'openapi']).default('docs'),
    /** Status of a successful legacy POST /rest/v1/messages/send: 200 (newer docs, default) or 204 (older). */
    legacyStatus: z.union([z.literal(200), z.literal(204)]).default(200),
    /** Accepted messages (and, separately, webhook notifications) kept for inspection; older ones drop. Default 100000. */
    maxStoredMessages: z.number().int().min(0).default(100_000),
    /** Largest request body read, in bytes; bigger ones get 413. Default 1 MiB. */
    maxBodyBytes: z.number().int().min(1_024).default(1_048_576),
    /** Seed of the PRNG behind fault injection and latency ranges; default 1, so runs repeat. */
    seed: z.number().int().default(1),
    /** Fraction (0–1) of admitted API requests answered 500; default 0. Changeable at run time. */
    errorRate: rate.default(0),
    /** Fraction (0–1) of admitted API requests whose connection is reset; default 0. */
    resetRate: rate.default(0),
    /** Fraction (0–1) of admitted API requests never answered; default 0. */
    hangRate: rate.default(0),
    /** Added delay in ms, fixed or `{ minMs, maxMs }`; default 0. */
    latencyMs: latency.default(0),
    /** 429 to everything from start-up: `true` until turned off, or `{ durationMs }`; default false. */
    rateLimitStorm: storm.default(false),
  })
  .refine((o) => o.errorRate + o.resetRate + o.hangRate <= 1, {
    message: 'errorRate + resetRate + hangRate must not exceed 1',
    path: ['errorRate'],
  });

export type SimulatorOptionsInput = z.input<typeof simulatorOptionsSchema>;
export type SimulatorOptions = Readonly<z.output<typeof simulatorOptionsSchema>>;

/** Applies defaults and checks every option at once; throws ConfigError listing all problems. */
export function parseSimulatorOptions(input: unknown): SimulatorOptions {
  const parsed = simulatorOptionsSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError('Invalid simulator options', toIssues(parsed.error));
  return Object.freeze(parsed.data);
}

/** Checks a run-time fault change; throws ValidationError listing all problems. */
export function parseFaultPatch(input: unknown): FaultChange {
  const parsed = faultPatchSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('Invalid fault settings', toIssues(parsed.error));
  return parsed.data;
}
