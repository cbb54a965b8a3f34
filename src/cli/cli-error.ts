// The error a CLI command fails with: a message for a person and the process exit code.
import type { ErrorCode, Issue } from '../core/errors.js';
import { FerryError } from '../core/errors.js';

/** Exit codes: 1 the request failed, 2 the command was used wrongly, 3 the server could not be reached. */
export class CliError extends FerryError {
  override readonly name = 'CliError';
  constructor(
    code: ErrorCode,
    message: string,
    readonly exitCode: 1 | 2 | 3,
    readonly issues: readonly Issue[] = [],
  ) {
    super(code, message);
  }
}

export const usageError = (message: string): CliError => new CliError('ERR_CLI_USAGE', message, 2);
