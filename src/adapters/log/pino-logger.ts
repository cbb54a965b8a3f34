// pino logger whose every line passes through the SecretScrubber before it is written.
import { pino, type DestinationStream, type Level } from 'pino';
import type { Logger } from '../../core/ports/logger.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';

export interface LoggerOptions {
  readonly level: Level | 'silent';
  readonly scrubber: SecretScrubber;
  /** Where lines go; default standard error. */
  readonly write?: (line: string) => void;
}

/** Keys whose values are never logged, wherever they appear in a log object. */
const REDACT_PATHS = [
  '*.authorization',
  '*.Authorization',
  '*.cookie',
  '*.password',
  '*.clientSecret',
  '*.client_secret',
  '*.apiKey',
  '*.refreshToken',
  '*.refresh_token',
  '*.access_token',
  '*.accessToken',
  '*.privateKey',
  'headers',
  'req.headers',
  'res.headers',
];

/** The default destination of log lines: standard error. */
export const writeToStderr = (line: string): void => void process.stderr.write(line);

export function createLogger(options: LoggerOptions): Logger {
  const write = options.write ?? writeToStderr;
  const destination: DestinationStream = { write: (line: string) => write(options.scrubber.scrub(line)) };
  return pino(
    {
      level: options.level,
      base: { service: 'ferry' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}
