// The results: one row per target, written as bench/results/latest.json and latest.md and printed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface Row {
  readonly metric: string;
  readonly target: string;
  readonly measured: string;
  /** undefined when the section was skipped or failed. */
  readonly pass: boolean | undefined;
}

export function machineFacts(): Record<string, unknown> {
  const list = cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    date: new Date().toISOString(),
  };
}

const verdict = (pass: boolean | undefined) => (pass === undefined ? 'n/a' : pass ? 'pass' : 'FAIL');

export function markdownTable(rows: readonly Row[]): string {
  const lines = ['| metric | target | measured | result |', '| --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.metric} | ${r.target} | ${r.measured} | ${verdict(r.pass)} |`);
  return lines.join('\n');
}

/** Writes both files into `dir` and returns the markdown. */
export function writeResults(
  dir: string,
  facts: Record<string, unknown>,
  rows: readonly Row[],
  sections: Record<string, unknown>,
  notes: readonly string[],
): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/latest.json`, `${JSON.stringify({ machine: facts, rows, sections }, null, 2)}\n`);
  const md = [
    '# Ferry benchmark: latest run',
    '',
    `${String(facts.date)} · Node ${String(facts.node)} · ${String(facts.cpus)} × ${String(facts.cpuModel)} · ` +
      `N = ${String(facts.n)}, throttle run ${String(facts.throttleSeconds)} s, RSS queue ${String(facts.rssN)}`,
    '',
    markdownTable(rows),
    '',
    '## How each figure is measured',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  writeFileSync(`${dir}/latest.md`, md);
  return md;
}
