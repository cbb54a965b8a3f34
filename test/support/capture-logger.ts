// A Logger (src/core/ports/logger.ts) that keeps scrubbed JSON lines in memory, so tests can read what was logged.
import type { LogFn, Logger } from '../../src/core/ports/logger.js';
import type { SecretScrubber } from '../../src/core/secret-scrubber.js';

export interface CapturedLogger extends Logger {
  /** Every line logged by this logger or its children, after scrubbing. */
  readonly lines: string[];
}

export function captureLogger(
  scrubber: SecretScrubber,
  lines: string[] = [],
  bindings: object = {},
): CapturedLogger {
  const at =
    (level: string): LogFn =>
    (objOrMsg: object | string, msg?: string): void => {
      const fields = typeof objOrMsg === 'string' ? { msg: objOrMsg } : { ...objOrMsg, msg };
      lines.push(scrubber.scrub(JSON.stringify({ level, ...bindings, ...fields })));
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => captureLogger(scrubber, lines, { ...bindings, ...more }),
  };
}
