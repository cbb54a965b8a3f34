// Progress of a long CLI operation on standard error: a redrawn bar on a terminal, a plain line every 5 s elsewhere.

export interface ProgressCounts {
  readonly accepted?: number;
  readonly duplicates?: number;
  readonly rejected?: number;
}

export interface Progress {
  /** `done` is in bytes; counts not given keep their last value. */
  update(done: number, extra?: ProgressCounts): void;
  /** On a terminal draws the final state and ends the line; elsewhere writes nothing (the command sums up). */
  finish(): void;
}

export interface ProgressOptions {
  /** Where the text goes, as is: the CLI's `io.err`. */
  readonly write: (text: string) => void;
  /** A terminal gets one line redrawn with `\r`; anything else plain lines without escape codes. */
  readonly isTty: boolean;
  /** Total bytes, when known (not for standard input). */
  readonly total?: number;
  readonly label: string;
  /** Milliseconds; default `Date.now`. */
  readonly now?: () => number;
  /** Terminal width in characters, default 80; the line is cut to one less so it never wraps. */
  readonly columns?: number;
}

const REDRAW_MS = 100;
const PLAIN_EVERY_MS = 5_000;
const BAR_WIDTH = 20;
const CLEAR_TO_END = '\x1b[K';

export function createProgress(options: ProgressOptions): Progress {
  const { write, isTty, total, label } = options;
  const now = options.now ?? Date.now;
  const width = Math.max((options.columns ?? 80) - 1, 10);
  const started = now();
  let done = 0;
  let counts: Required<ProgressCounts> | undefined;
  let lastDraw: number | undefined;
  let lastLine = started;
  let finished = false;

  const fields = (at: number): string[] => {
    const out: string[] = [];
    if (total !== undefined) out.push(percent(done, total), `${formatBytes(done)}/${formatBytes(total)}`);
    else out.push(formatBytes(done));
    if (at > started) out.push(`${formatBytes((done * 1000) / (at - started))}/s`);
    if (counts)
      out.push(`accepted ${counts.accepted}, duplicates ${counts.duplicates}, rejected ${counts.rejected}`);
    return out;
  };
  const draw = (at: number) => {
    const bar = total === undefined ? '' : ` ${drawBar(done, total)}`;
    write(`\r${`${label}${bar} ${fields(at).join('  ')}`.slice(0, width)}${CLEAR_TO_END}`);
    lastDraw = at;
  };

  return {
    update(bytes, extra) {
      if (finished) return;
      done = bytes;
      if (extra) counts = { accepted: 0, duplicates: 0, rejected: 0, ...counts, ...extra };
      const at = now();
      if (isTty) {
        if (lastDraw === undefined || at - lastDraw >= REDRAW_MS) draw(at);
      } else if (at - lastLine >= PLAIN_EVERY_MS) {
        write(`${label}: ${fields(at).join(', ')}\n`);
        lastLine = at;
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      if (!isTty) return;
      draw(now());
      write('\n');
    },
  };
}

const fraction = (done: number, total: number) => (total <= 0 ? 1 : Math.min(Math.max(done / total, 0), 1));

const percent = (done: number, total: number) => `${Math.floor(fraction(done, total) * 100)}%`.padStart(4);

function drawBar(done: number, total: number): string {
  const filled = Math.floor(fraction(done, total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
}

/** Bytes for people: `512 B`, `1.5 KiB`, `12.0 MiB`, `2.1 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KiB', 'MiB', 'GiB'] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
