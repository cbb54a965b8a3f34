// Ferry's configuration: one schema, parsed once at start-up, every problem reported together, result frozen.
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { toIssues } from './zod-issues.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const list = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

export const configSchema = z.object({
  /** HTTP port of `ferry serve`. Env FERRY_PORT, default 8080. */
  port: int(0, 65_535).default(8080),
  /** Address to listen on. Env FERRY_HOST, default 127.0.0.1 (set 0.0.0.0 to listen on every interface). */
  host: z.string().min(1).default('127.0.0.1'),
  /** Where the SQLite database and the key file live. Env FERRY_DATA_DIR, default ./.ferry. */
  dataDir: z.string().min(1).default('./.ferry'),
  /**
   * The database. Env FERRY_DATABASE_URL: a postgres:// URL selects PostgreSQL (shared by every Ferry process that
   * names it); unset, SQLite in the data directory, the embedded default.
   */
  databaseUrl: z
    .url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  /** Master key (32 bytes, base64 or hex). Env FERRY_MASTER_KEY; default: the key file in the data directory. */
  masterKey: z.string().optional(),
  /** Older master keys, comma separated, kept only to unseal values sealed before a rotation. */
  previousMasterKeys: list.default([]),
  /** Log level. Env FERRY_LOG_LEVEL, default info. */
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Default timeout of outbound requests in ms. Env FERRY_HTTP_TIMEOUT_MS, default 30000. */
  httpTimeoutMs: int(100, 600_000).default(30_000),
  /**
   * Hosts or CIDR ranges outbound requests may reach although they are link-local or cloud metadata
   * (169.254.0.0/16, fe80::/10, metadata.google.internal, ...). Env FERRY_OUTBOUND_ALLOW, comma separated.
   */
  outboundAllow: list.default([]),
  /** Extra CA certificates (PEM file) trusted for outbound TLS. Env FERRY_CA_FILE. */
  caFile: z.string().optional(),
  /** Largest request body the API accepts, in bytes. Env FERRY_MAX_BODY_BYTES, default 1 MiB. */
  maxBodyBytes: int(1_024, 1_073_741_824).default(1_048_576),
  /** Print a copy-paste demo on start. Env FERRY_DEMO, default true. */
  demo: bool.default(true),
  /** Deliver transfers in this process. Env FERRY_DISPATCH, default true (false: accept and queue only). */
  dispatch: bool.default(true),
  /**
   * Redis for what several dispatching processes must agree on (throttle windows, concurrency caps, 429 pauses,
   * token refresh), e.g. `redis://127.0.0.1:6379`. Env FERRY_REDIS_URL; default none: all of it in this process.
   * Never the queue: the transfers table stays that, so Redis may run without persistence.
   */
  redisUrl: z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' }).optional(),
  /**
   * The most sends one `ferry worker` keeps in flight at once, across every subscription it delivers for (each
   * subscription's Concurrent Connections still holds across all workers). Env FERRY_WORKER_CONCURRENCY,
   * default 64. A worker is one event loop: past what it can keep busy, more workers add capacity, not this.
   */
  workerConcurrency: int(1, 10_000).default(64),
  /** Time limit of one formula evaluation, ms. Env FERRY_FORMULA_TIMEOUT_MS, default 50. */
  formulaTimeoutMs: int(1, 60_000).default(50),
  /** Memory limit of one formula evaluation, bytes. Env FERRY_FORMULA_MEMORY_BYTES, default 16 MiB. */
  formulaMemoryBytes: int(1_048_576, 1_073_741_824).default(16_777_216),
  /**
   * The URL end users reach Ferry at (redirect URIs, sign-in links). Env FERRY_PUBLIC_URL; default the
   * address Ferry listens on. Behind a reverse proxy, set it to the proxy's https URL.
   */
  publicUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** The organisation's OpenID Connect issuer for end-user sign-in. Env FERRY_OIDC_ISSUER. */
  oidcIssuer: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** Client id Ferry has at that provider. Env FERRY_OIDC_CLIENT_ID. */
  oidcClientId: z.string().min(1).optional(),
  /** Client secret (client_secret_basic). Env FERRY_OIDC_CLIENT_SECRET. */
  oidcClientSecret: z.string().min(1).optional(),
  /** Secure attribute of end-user session cookies. Env FERRY_COOKIE_SECURE; default: when the public URL is https. */
  cookieSecure: bool.optional(),
  /**
   * Serve /metrics without an admin token (for a scraper on a private network). Env FERRY_METRICS_PUBLIC,
   * default false: Prometheus then sends a token (`authorization: { credentials: <token> }` in its scrape config).
   */
  metricsPublic: bool.default(false),
  /** How often Integration Monitoring samples delivery, ms. Env FERRY_MONITOR_INTERVAL_MS, default 5000. */
  monitorIntervalMs: int(100, 3_600_000).default(5_000),
});

/** Every OpenID Connect setting or none: a partial set is a mistake worth stopping for. */
const withOidcComplete = configSchema.superRefine((c, ctx) => {
  const set = [c.oidcIssuer, c.oidcClientId, c.oidcClientSecret].filter((v) => v !== undefined).length;
  if (set === 0 || set === 3) return;
  for (const key of ['oidcIssuer', 'oidcClientId', 'oidcClientSecret'] as const)
    if (c[key] === undefined)
      ctx.addIssue({ code: 'custom', path: [key], message: 'set all three FERRY_OIDC_* variables or none' });
});

export type FerryConfig = Readonly<z.infer<typeof configSchema>>;

/** Environment variable for each config key. */
export const ENV_NAMES: Readonly<Record<keyof z.infer<typeof configSchema>, string>> = {
  port: 'FERRY_PORT',
  host: 'FERRY_HOST',
  dataDir: 'FERRY_DATA_DIR',
  databaseUrl: 'FERRY_DATABASE_URL',
  masterKey: 'FERRY_MASTER_KEY',
  previousMasterKeys: 'FERRY_MASTER_KEY_PREVIOUS',
  logLevel: 'FERRY_LOG_LEVEL',
  httpTimeoutMs: 'FERRY_HTTP_TIMEOUT_MS',
  outboundAllow: 'FERRY_OUTBOUND_ALLOW',
  caFile: 'FERRY_CA_FILE',
  maxBodyBytes: 'FERRY_MAX_BODY_BYTES',
  demo: 'FERRY_DEMO',
  dispatch: 'FERRY_DISPATCH',
  redisUrl: 'FERRY_REDIS_URL',
  workerConcurrency: 'FERRY_WORKER_CONCURRENCY',
  formulaTimeoutMs: 'FERRY_FORMULA_TIMEOUT_MS',
  formulaMemoryBytes: 'FERRY_FORMULA_MEMORY_BYTES',
  publicUrl: 'FERRY_PUBLIC_URL',
  oidcIssuer: 'FERRY_OIDC_ISSUER',
  oidcClientId: 'FERRY_OIDC_CLIENT_ID',
  oidcClientSecret: 'FERRY_OIDC_CLIENT_SECRET',
  cookieSecure: 'FERRY_COOKIE_SECURE',
  metricsPublic: 'FERRY_METRICS_PUBLIC',
  monitorIntervalMs: 'FERRY_MONITOR_INTERVAL_MS',
};

/**
 * Builds the config from environment variables overlaid by explicit values (CLI flags win).
 * Throws ConfigError listing every problem, each named by its environment variable.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  overrides: Record<string, unknown> = {},
): FerryConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) raw[key] = value;
  const parsed = withOidcComplete.safeParse(raw);
  if (!parsed.success) {
    const issues = toIssues(parsed.error).map((i) => {
      const envName = ENV_NAMES[i.path as keyof typeof ENV_NAMES];
      return envName ? { ...i, path: envName } : i;
    });
    throw new ConfigError(
      `invalid configuration: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return Object.freeze(parsed.data);
}
