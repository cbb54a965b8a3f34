// Turns undici and socket failures into OutboundError: a code, a retry hint, and a message without the query.
import { OutboundError } from '../../core/errors.js';

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|HOSTNAME_MISMATCH)/;

/** `METHOD origin/path` for messages and logs: never the query string (it may carry an API key) nor user info. */
export const describeTarget = (method: string, url: URL): string =>
  `${method.toUpperCase()} ${url.origin}${url.pathname}`;

/** The refusal of a blocked destination; names the setting that lifts it. */
export const addressBlocked = (reason: string): OutboundError =>
  new OutboundError(
    'ERR_OUTBOUND_ADDRESS_BLOCKED',
    `refused: ${reason}; add the host or its CIDR range to FERRY_OUTBOUND_ALLOW to allow it`,
  );

const codeOf = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
};

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = err; e !== undefined && e !== null && chain.length < 8; e = (e as { cause?: unknown }).cause) {
    chain.push(e);
    if (typeof e !== 'object') break;
  }
  return chain;
}

export interface FailureContext {
  /** From describeTarget. */
  readonly target: string;
  readonly timeoutMs: number;
  /** True when the whole-request timeout fired. */
  readonly timedOut: boolean;
}

/**
 * The OutboundError for a failed fetch or body read, or `err` itself when it is not a transport failure
 * (a caller's own abort, an invalid argument).
 */
export function toOutboundError(err: unknown, ctx: FailureContext): unknown {
  const chain = causeChain(err);
  const own = chain.find((e): e is OutboundError => e instanceof OutboundError);
  if (own !== undefined) {
    const code = own.code as ConstructorParameters<typeof OutboundError>[0];
    return new OutboundError(code, `${ctx.target}: ${own.message}`, { retryable: own.retryable });
  }
  if (ctx.timedOut) {
    return new OutboundError(
      'ERR_OUTBOUND_TIMEOUT',
      `${ctx.target}: no complete response within ${ctx.timeoutMs} ms`,
      {
        retryable: true,
      },
    );
  }
  for (const e of chain) {
    const code = codeOf(e);
    if (code === undefined) continue;
    if (TIMEOUT_CODES.has(code)) {
      const what =
        code === 'UND_ERR_HEADERS_TIMEOUT'
          ? `no answer within ${ctx.timeoutMs} ms`
          : code === 'UND_ERR_BODY_TIMEOUT'
            ? `the answer stalled for ${ctx.timeoutMs} ms`
            : `timed out (${code})`;
      return new OutboundError('ERR_OUTBOUND_TIMEOUT', `${ctx.target}: ${what}`, {
        retryable: true,
        cause: e,
      });
    }
    if (CONNECT_CODES.has(code)) {
      return new OutboundError('ERR_OUTBOUND_CONNECT_FAILED', `${ctx.target}: connection failed (${code})`, {
        retryable: true,
        cause: e,
      });
    }
    if (TLS_CODE.test(code)) {
      return new OutboundError(
        'ERR_OUTBOUND_TLS_FAILED',
        `${ctx.target}: TLS verification failed (${code})`,
        {
          cause: e,
        },
      );
    }
  }
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const last = chain[chain.length - 1];
    return new OutboundError(
      'ERR_OUTBOUND_CONNECT_FAILED',
      `${ctx.target}: request failed (${codeOf(last) ?? 'unknown'})`,
      {
        cause: last,
      },
    );
  }
  return err;
}
