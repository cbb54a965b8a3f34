// The closed set of Ferry error codes and one error class per family; tests and clients match on `code`.

/** Every code Ferry can report. docs/errors.md documents each one (a test keeps them in step). */
export const ERROR_CODES = [
  'ERR_REQUEST_VALIDATION',
  'ERR_REQUEST_MALFORMED_JSON',
  'ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE',
  'ERR_REQUEST_TOO_LARGE',
  'ERR_ROUTE_NOT_FOUND',
  'ERR_ADMIN_TOKEN_MISSING',
  'ERR_ADMIN_TOKEN_INVALID',
  'ERR_ADMIN_TOKEN_NOT_FOUND',
  'ERR_CONNECTOR_NOT_FOUND',
  'ERR_CONNECTOR_EXISTS',
  'ERR_CONNECTOR_IN_USE',
  'ERR_CONNECTOR_NEEDS_REAUTH',
  'ERR_CONNECTOR_TEST_FAILED',
  'ERR_CONNECTOR_NO_SIGNING_KEY',
  'ERR_ACTION_NOT_FOUND',
  'ERR_ACTION_EXISTS',
  'ERR_ACTION_INPUT_MISSING',
  'ERR_CURL_PARSE_FAILED',
  'ERR_CURL_UNSUPPORTED_OPTION',
  'ERR_SUBSCRIPTION_NOT_FOUND',
  'ERR_SUBSCRIPTION_EXISTS',
  'ERR_SUBSCRIPTION_TEST_FAILED',
  'ERR_MESSAGE_NOT_FOUND',
  'ERR_MESSAGE_UNDELIVERABLE',
  'ERR_TRANSFER_NOT_FOUND',
  'ERR_TRANSFER_NOT_REPLAYABLE',
  'ERR_FORMULA_SYNTAX',
  'ERR_FORMULA_RUNTIME',
  'ERR_FORMULA_TIMEOUT',
  'ERR_FORMULA_MEMORY',
  'ERR_FORMULA_UNAVAILABLE',
  'ERR_MAPPING_COLLECTION_NOT_FOUND',
  'ERR_MAPPING_COLLECTION_EXISTS',
  'ERR_OAUTH_INVALID_CLIENT',
  'ERR_OAUTH_INVALID_GRANT',
  'ERR_OAUTH_TOKEN_URL_UNREACHABLE',
  'ERR_OAUTH_TOKEN_RESPONSE_INVALID',
  'ERR_OAUTH_REQUEST_REJECTED',
  'ERR_OAUTH_STATE_INVALID',
  'ERR_OAUTH_STATE_EXPIRED',
  'ERR_OAUTH_STATE_USED',
  'ERR_OAUTH_CONSENT_DENIED',
  'ERR_OAUTH_REVOKE_FAILED',
  'ERR_CONSENT_REQUIRED',
  'ERR_USER_SIGN_IN_REQUIRED',
  'ERR_USER_SIGN_IN_FAILED',
  'ERR_USER_SIGN_IN_LINK_INVALID',
  'ERR_USER_SIGN_IN_LINKS_DISABLED',
  'ERR_USER_ORIGIN_REJECTED',
  'ERR_CONSOLE_SIGN_IN_REQUIRED',
  'ERR_CONSOLE_CSRF_REJECTED',
  'ERR_JWT_SIGNING_FAILED',
  'ERR_AUTH_ENDPOINT_UNREACHABLE',
  'ERR_AUTH_LOGIN_REJECTED',
  'ERR_AUTH_LOGIN_NO_COOKIE',
  'ERR_AUTH_TOKEN_REJECTED',
  'ERR_AUTH_TOKEN_NOT_FOUND',
  'ERR_AUTH_CERTIFICATE_INVALID',
  'ERR_AUTH_NTLM_REJECTED',
  'ERR_AUTH_NTLM_HANDSHAKE',
  'ERR_UPSTREAM_UNAUTHORIZED',
  'ERR_OUTBOUND_ADDRESS_BLOCKED',
  'ERR_OUTBOUND_TIMEOUT',
  'ERR_OUTBOUND_CONNECT_FAILED',
  'ERR_OUTBOUND_TLS_FAILED',
  'ERR_SECRET_KEY_UNKNOWN',
  'ERR_SECRET_UNSEAL_FAILED',
  'ERR_KEY_ROTATION_UNAVAILABLE',
  'ERR_CONFIG_INVALID',
  'ERR_STORAGE_FAILED',
  'ERR_STORAGE_LOCKED',
  'ERR_DELIVERY_UNAVAILABLE',
  'ERR_INGEST_UNAVAILABLE',
  'ERR_COORDINATION_UNAVAILABLE',
  'ERR_WORKER_STORAGE_UNSHARED',
  'ERR_CLI_USAGE',
  'ERR_CLI_SERVER_UNREACHABLE',
  'ERR_INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem found while validating input; `path` is dotted (`auth.clientId`). */
export interface Issue {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export interface FerryErrorOptions {
  readonly cause?: unknown;
  /** Extra fields safe to show to a caller (never a secret). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Base class: `message` and `details` must never carry a secret; name connectors by their name. */
export class FerryError extends Error {
  override readonly name: string = 'FerryError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: FerryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

type CodeOf<P extends string> = Extract<ErrorCode, `${P}${string}`>;

/** An error of one family, whose codes are `C`: each family's class only names itself. */
export class FamilyError<C extends ErrorCode> extends FerryError {
  constructor(code: C, message: string, options?: FerryErrorOptions) {
    super(code, message, options);
  }
}

/** Input that fails its schema; lists every problem at once. */
export class ValidationError extends FerryError {
  override readonly name = 'ValidationError';
  readonly issues: readonly Issue[];
  constructor(
    message: string,
    issues: readonly Issue[],
    code:
      | CodeOf<'ERR_REQUEST_'>
      | 'ERR_ACTION_INPUT_MISSING'
      | CodeOf<'ERR_CURL_'>
      | 'ERR_MESSAGE_UNDELIVERABLE'
      | 'ERR_FORMULA_SYNTAX' = 'ERR_REQUEST_VALIDATION',
  ) {
    super(code, message);
    this.issues = issues;
  }
}

export class NotFoundError extends FerryError {
  override readonly name = 'NotFoundError';
}

export class ConflictError extends FerryError {
  override readonly name = 'ConflictError';
}

/** The console refused a request: no session, or a change without its CSRF token. */
export class ConsoleError extends FamilyError<CodeOf<'ERR_CONSOLE_'>> {
  override readonly name = 'ConsoleError';
}

/** The admin API refused the caller. */
export class AdminAuthError extends FamilyError<CodeOf<'ERR_ADMIN_TOKEN_'>> {
  override readonly name = 'AdminAuthError';
}

/** An authorization server refused or failed a token request (RFC 6749 section 5.2 errors and transport). */
export class OAuthError extends FamilyError<CodeOf<'ERR_OAUTH_'> | 'ERR_JWT_SIGNING_FAILED'> {
  override readonly name = 'OAuthError';
}

/** A login or token request of a non-OAuth 2.0 auth type (cookie, header client credentials) failed. */
export class AuthError extends FamilyError<CodeOf<'ERR_AUTH_'>> {
  override readonly name = 'AuthError';
}

/** An outbound HTTP request could not be made or completed. `retryable` drives retry decisions. */
export class OutboundError extends FerryError {
  override readonly name = 'OutboundError';
  readonly retryable: boolean;
  constructor(
    code: CodeOf<'ERR_OUTBOUND_'> | 'ERR_UPSTREAM_UNAUTHORIZED',
    message: string,
    options: FerryErrorOptions & { readonly retryable?: boolean } = {},
  ) {
    super(code, message, options);
    this.retryable = options.retryable ?? false;
  }
}

/** An end user's sign-in or session was refused (pages under /auth and /connections). */
export class EndUserError extends FamilyError<CodeOf<'ERR_USER_'> | 'ERR_CONSENT_REQUIRED'> {
  override readonly name = 'EndUserError';
}

export class CryptoError extends FamilyError<CodeOf<'ERR_SECRET_'> | 'ERR_KEY_ROTATION_UNAVAILABLE'> {
  override readonly name = 'CryptoError';
}

/** Where a formula failed: 1-based line and column in its source, and the mapping row when the caller knows it. */
export interface FormulaErrorLocation {
  readonly row?: string;
  readonly line: number;
  readonly column: number;
}

/** A formula did not parse, threw, or breached its time or memory limit; only the transfer that ran it fails. */
export class FormulaError extends FerryError {
  override readonly name = 'FormulaError';
  readonly location: FormulaErrorLocation | undefined;
  constructor(
    code: CodeOf<'ERR_FORMULA_'>,
    message: string,
    options: { readonly location?: FormulaErrorLocation | undefined; readonly cause?: unknown } = {},
  ) {
    const { location, cause } = options;
    super(code, message, { cause, ...(location === undefined ? {} : { details: { location } }) });
    this.location = location;
  }
}

export class ConfigError extends FerryError {
  override readonly name = 'ConfigError';
  readonly issues: readonly Issue[];
  constructor(message: string, issues: readonly Issue[]) {
    super('ERR_CONFIG_INVALID', message);
    this.issues = issues;
  }
}

export const isFerryError = (value: unknown): value is FerryError => value instanceof FerryError;

/**
 * An OAuth `error` parameter a provider sent back (RFC 6749 §4.1.2.1), fit to show and log: a plain token of at
 * most 64 characters, otherwise `error`, so a crafted redirect cannot put text of its choosing on a page.
 */
export const providerErrorCode = (value: string): string => (/^[\w.-]{1,64}$/.test(value) ? value : 'error');
