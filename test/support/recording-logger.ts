// Test helper: a Logger that keeps every line (bindings, fields and message) as JSON text for assertions.
import type { Logger, LogFn } from '../../src/core/ports/logger.js';

export interface RecordedLine {
  readonly level: string;
  readonly msg: string | undefined;
  readonly [field: string]: unknown;
}

export interface RecordingLogger extends Logger {
  readonly lines: RecordedLine[];
  /** Every line as JSON, joined: the text a secret must never appear in. */
  text(): string;
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordedLine[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at =
      (level: string): LogFn =>
      (objOrMsg: object | string, msg?: string) => {
        const fields = typeof objOrMsg === 'string' ? { msg: objOrMsg } : { ...objOrMsg, msg };
        lines.push({ level, ...bindings, ...fields });
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return Object.assign(make({}), { lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') });
}
