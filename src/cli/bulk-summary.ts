// The closing summary of a bulk send for people: the counts, then the first rejected records by line.

export interface BulkSummary {
  readonly accepted: number;
  readonly duplicates: number;
  readonly rejected: readonly { readonly line: number; readonly message: string }[];
}

/**
 * `accepted 998, duplicates 1, rejected 2` and one indented line per rejected record, at most `maxListed` of
 * them, then how many more there are. Each line ends with a newline; messages are kept to one line.
 */
export function formatBulkSummary(summary: BulkSummary, maxListed = 20): string {
  const { accepted, duplicates, rejected } = summary;
  const lines = [`accepted ${accepted}, duplicates ${duplicates}, rejected ${rejected.length}`];
  const listed = rejected.slice(0, Math.max(0, maxListed));
  for (const r of listed) lines.push(`  line ${r.line}: ${oneLine(r.message)}`);
  const more = rejected.length - listed.length;
  if (more > 0) lines.push(`  … and ${more} more (use --json for all)`);
  return lines.map((l) => `${l}\n`).join('');
}

// Control characters would let a message from an uploaded file move the cursor or fake further lines.
// eslint-disable-next-line no-control-regex
const oneLine = (text: string) => text.replace(/[\s\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
