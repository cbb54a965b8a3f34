// HTTP client for the admin API, turning problem+json answers into CliErrors.
import type { ErrorCode } from '../core/errors.js';
import type { Problem } from '../http/contracts/problem.js';
import { CliError } from './cli-error.js';

export interface ApiClientOptions {
  /** Base URL of the Ferry server, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  readonly token: string | undefined;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init = body === undefined ? {} : { body: JSON.stringify(body) };
    return this.send<T>(method, path, body === undefined ? {} : { 'content-type': 'application/json' }, init);
  }

  /** POSTs a body streamed from `chunks` (a file of any size). */
  async upload<T>(path: string, contentType: string, chunks: AsyncIterable<Uint8Array>): Promise<T> {
    const body = ReadableStream.from(chunks);
    return this.send<T>('POST', path, { 'content-type': contentType }, { body, duplex: 'half' });
  }

  private async send<T>(
    method: string,
    path: string,
    extraHeaders: Record<string, string>,
    init: { body?: string | ReadableStream<Uint8Array>; duplex?: 'half' },
  ): Promise<T> {
    const url = `${this.options.url.replace(/\/$/, '')}/api/v1${path}`;
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let res: Response;
    try {
      res = await fetch(url, { method, headers, ...init });
    } catch {
      throw new CliError(
        'ERR_CLI_SERVER_UNREACHABLE',
        `cannot reach Ferry at ${this.options.url}; start it with \`ferry serve\` or point --url (FERRY_URL) at it`,
        3,
      );
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    if (!res.ok) throw fromProblem(parsed as Problem | undefined, res.status);
    return parsed as T;
  }
}

function fromProblem(problem: Problem | undefined, status: number): CliError {
  if (!problem?.code) return new CliError('ERR_INTERNAL', `the server answered ${status}`, 1);
  let message = `${problem.detail} (${problem.code})`;
  if (problem.code === 'ERR_ADMIN_TOKEN_MISSING' || problem.code === 'ERR_ADMIN_TOKEN_INVALID')
    message += '\nset FERRY_TOKEN (or --token) to an admin token; the first `ferry serve` printed one';
  return new CliError(problem.code as ErrorCode, message, 1, problem.errors ?? []);
}
