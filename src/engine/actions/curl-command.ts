// Reads a pasted cURL command into its parts (method, URL, headers, data, user), refusing what it cannot honour.
import { parse as shellWords } from 'shell-quote';
import { ValidationError, type Issue } from '../../core/errors.js';
import { CURL_OPTIONS as OPTIONS, CURL_REFUSED as REFUSED } from './curl-options.js';

/** What a cURL command asks for, before it becomes a connector and an action. */
export interface CurlCommand {
  /** -X, or undefined (GET, or POST when there is data). */
  readonly method: string | undefined;
  readonly url: URL;
  /** -H, -A, -e, -b in order; repeated names kept. */
  readonly headers: readonly (readonly [string, string])[];
  /** -d and friends, already encoded as curl sends them, in order (joined with "&"). */
  readonly data: readonly string[];
  /** --json was used: content-type and accept default to application/json. */
  readonly json: boolean;
  /** -G: the data goes in the query instead of the body. */
  readonly dataInQuery: boolean;
  /** -u user:password. */
  readonly user: { readonly username: string; readonly password: string } | undefined;
  /** --oauth2-bearer. */
  readonly bearer: string | undefined;
  /** -m / --max-time in ms. */
  readonly timeoutMs: number | undefined;
}

const fail = (issues: Issue[]): ValidationError =>
  new ValidationError(
    `the cURL command cannot be imported: ${issues.map((i) => i.message).join('; ')}`,
    issues,
    issues.some((i) => i.code === 'unknown_option') ? 'ERR_CURL_UNSUPPORTED_OPTION' : 'ERR_CURL_PARSE_FAILED',
  );

/** Splits the words with shell-quote (POSIX quoting, $'…', backslash-newline continuations); env stays literal. */
function words(command: string): string[] {
  const issues: Issue[] = [];
  const out: string[] = [];
  for (const w of shellWords(command.replace(/\\\r?\n/g, ' '), (name) => `$${name}`)) {
    if (typeof w === 'string') out.push(w);
    else if ('comment' in w) break;
    else if (w.op === 'glob') out.push(w.pattern);
    else
      issues.push({
        path: 'command',
        code: 'shell_operator',
        message: `unquoted shell operator "${w.op}" (quote the URL, paste one command)`,
      });
  }
  if (issues.length > 0) throw fail(issues);
  return out;
}

/** --data-urlencode: `content`, `=content`, `name=content` (curl's man page); `@file` forms read files. */
function urlencoded(value: string, issues: Issue[]): string {
  const eq = value.indexOf('=');
  if (eq === -1 ? value.startsWith('@') : value.slice(0, eq).includes('@'))
    issues.push({
      path: 'command',
      code: 'file_reference',
      message: '--data-urlencode with @ reads a file; paste its content instead',
    });
  return eq === -1
    ? encodeURIComponent(value)
    : `${value.slice(0, eq) ? `${value.slice(0, eq)}=` : ''}${encodeURIComponent(value.slice(eq + 1))}`;
}

/** Parses `command`; throws ValidationError (ERR_CURL_UNSUPPORTED_OPTION listing every unknown option, or ERR_CURL_PARSE_FAILED). */
export function parseCurl(command: string): CurlCommand {
  const [program, ...args] = words(command.trim());
  if (program !== 'curl')
    throw fail([{ path: 'command', code: 'not_curl', message: 'it must start with curl' }]);
  const issues: Issue[] = [];
  const unknown: string[] = [];
  const seen: Record<string, string[]> = {};
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    let arg = args[i] ?? '';
    let attached: string | undefined;
    if (!arg.startsWith('-') || arg === '-') {
      urls.push(arg);
      continue;
    }
    if (!arg.startsWith('--') && arg.length > 2 && OPTIONS[arg.slice(0, 2)] !== undefined) {
      // -XPOST, -sSL: a short option with its value attached, or several flags together.
      const first = OPTIONS[arg.slice(0, 2)];
      if (first?.takes) [arg, attached] = [arg.slice(0, 2), arg.slice(2)];
      else {
        args.splice(i + 1, 0, ...[...arg.slice(2)].map((c) => `-${c}`));
        arg = arg.slice(0, 2);
      }
    }
    const spec = OPTIONS[arg];
    if (REFUSED[arg] !== undefined)
      issues.push({ path: 'command', code: 'unsupported', message: `${arg}: ${REFUSED[arg]}` });
    if (spec === undefined) {
      if (REFUSED[arg] === undefined) unknown.push(arg);
      continue;
    }
    const value = spec.takes ? (attached ?? args[++i]) : '';
    if (value === undefined) {
      issues.push({ path: 'command', code: 'missing_value', message: `${arg} needs a value` });
      continue;
    }
    (seen[spec.key] ??= []).push(value);
  }
  if (unknown.length > 0)
    issues.unshift({
      path: 'command',
      code: 'unknown_option',
      message: `unknown or unsupported options: ${unknown.join(', ')}`,
    });
  urls.push(...(seen.url ?? []));
  // An unknown option may take a value that looks like a second URL; the unknown option is the news then.
  if (urls.length !== 1 && (unknown.length === 0 || urls.length === 0))
    issues.push({
      path: 'command',
      code: 'url',
      message: urls.length === 0 ? 'no URL' : `one URL expected, found ${urls.length}`,
    });
  const raw = urls[0] ?? '';
  const href = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  const url = URL.canParse(href) ? new URL(href) : undefined;
  if (urls.length === 1 && (url === undefined || !/^https?:$/.test(url.protocol)))
    issues.push({
      path: 'command',
      code: 'url',
      message: `the URL is not an http(s) URL (${url?.protocol ?? 'unparseable'})`,
    });
  const data = [
    ...(seen.data ?? []).map((d) => {
      if (d.startsWith('@'))
        issues.push({
          path: 'command',
          code: 'file_reference',
          message: '-d @file reads a file; paste its content or use --data-raw',
        });
      return d.replace(/[\r\n]/g, '');
    }),
    ...(seen.raw ?? []),
    ...(seen.urlencode ?? []).map((d) => urlencoded(d, issues)),
    ...(seen.json ?? []),
  ];
  if ((seen.cookie ?? []).some((c) => !c.includes('=')))
    issues.push({
      path: 'command',
      code: 'file_reference',
      message: '-b without name=value reads a cookie file',
    });
  const [username = '', ...rest] = (seen.user?.at(-1) ?? '').split(':');
  const timeout = seen.timeout?.at(-1);
  if (timeout !== undefined && !(Number(timeout) > 0))
    issues.push({
      path: 'command',
      code: 'timeout',
      message: `--max-time ${timeout} is not a number of seconds`,
    });
  if (issues.length > 0 || url === undefined) throw fail(issues);
  const header = (name: string, key: string): [string, string][] => (seen[key] ?? []).map((v) => [name, v]);
  return {
    method: seen.method?.at(-1)?.toUpperCase(),
    url,
    headers: [
      ...(seen.header ?? []).map((h): [string, string] => {
        const colon = h.indexOf(':');
        return colon === -1
          ? [h.replace(/;$/, ''), '']
          : [h.slice(0, colon).trim(), h.slice(colon + 1).trim()];
      }),
      ...header('User-Agent', 'agent'),
      ...header('Referer', 'referer'),
      ...header('Cookie', 'cookie'),
    ],
    data,
    json: seen.json !== undefined,
    dataInQuery: seen.get !== undefined,
    user: seen.user === undefined ? undefined : { username, password: rest.join(':') },
    bearer: seen.bearer?.at(-1),
    timeoutMs: timeout === undefined ? undefined : Math.round(Number(timeout) * 1000),
  };
}
