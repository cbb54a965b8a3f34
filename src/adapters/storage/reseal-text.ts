// Re-seals every sealed value inside one stored text (a JSON document may hold several), for key rotation.
import { SEALED_PATTERN } from '../../core/ports/sealer.js';

/** The text with each sealed value passed through `reseal`, and how many of them `reseal` changed. */
export function resealText(
  before: string,
  reseal: (sealed: string) => string,
): { after: string; count: number } {
  let count = 0;
  const after = before.replace(SEALED_PATTERN, (s) => {
    const next = reseal(s);
    if (next !== s) count++;
    return next;
  });
  return { after, count };
}
