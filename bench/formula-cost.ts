// Issue 4's figure: transfers per second through a five-row collection with two formulas, beside the default.
import { DEMO_EVENT_ID } from '../src/sim/index.js';
import { THROTTLE_OFF, waitFor, withRig } from './rig.js';

/** One round: the same N Messages through each collection, each on a fresh, warmed-up Ferry. */
export interface FormulaRound {
  /** Transfers per second, bulk upload start to all delivered, with the default collection (field rows only). */
  readonly defaultPerSecond: number;
  /** The same with the five-row collection below (two Dynamic Formula rows). */
  readonly formulaPerSecond: number;
}

export interface FormulaCostResult {
  readonly messages: number;
  readonly warmup: number;
  readonly rounds: readonly FormulaRound[];
}

export const FIVE_ROWS = {
  name: 'Bench: five rows, two formulas',
  rows: [
    { type: 'static', destination: 'EventId', value: DEMO_EVENT_ID },
    {
      type: 'formula',
      destination: 'Recipients',
      formula: "SplitEmails(GetCustomFieldValue(CustomFields, 'Moveworks Message Recipients'))",
    },
    { type: 'formula', destination: 'Message', formula: "Truncate(Text, 200) + ' (' + Severity + ')'" },
    { type: 'field', destination: 'Context.Slots.id', field: 'Id' },
    { type: 'lookup', destination: 'Context.Slots.level', field: 'Severity', table: 'levels' },
  ],
  lookups: { levels: { values: { Info: 'low', Error: 'high' }, default: 'normal' } },
};

async function transfersPerSecond(
  count: number,
  warmup: number,
  prefix: string,
  collection: object | undefined,
): Promise<number> {
  return withRig(`formula-${prefix}`, {}, async ({ sim, ferry }) => {
    const settings =
      collection === undefined ? THROTTLE_OFF : { ...THROTTLE_OFF, createDefaultMappings: false };
    const sub = await ferry.subscribe(sim.url, settings);
    if (collection !== undefined) {
      const res = await ferry.api('POST', `/subscriptions/${sub}/mapping-collections`, collection);
      if (res.status !== 201) throw new Error(`collection not saved: ${JSON.stringify(res.body)}`);
    }
    // The same collection first, untimed, so the mapping code (and QuickJS) runs warm, as in a running service.
    if (warmup > 0) {
      await ferry.bulk(`${prefix}-warm`, warmup);
      await ferry.waitDelivered(sub, warmup, 600_000, 20);
    }
    const started = performance.now();
    const ingest = await ferry.bulk(prefix, count);
    if (ingest.accepted !== count) throw new Error(`only ${ingest.accepted} of ${count} accepted`);
    await waitFor(() => sim.state.messagesAccepted() >= warmup + count, 600_000);
    const done = await ferry.waitDelivered(sub, warmup + count, 60_000, 20);
    return count / ((done.atMs - started) / 1_000);
  });
}

/**
 * `rounds` pairs, each on fresh Ferrys; the order inside a pair alternates, so a machine that speeds up or slows
 * down over the run weighs on both sides alike. The figure is the median of the pairs' ratios.
 */
export async function runFormulaCost(
  count: number,
  warmup: number,
  rounds: number,
): Promise<FormulaCostResult> {
  const results: FormulaRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const run = (formulas: boolean) =>
      transfersPerSecond(
        count,
        warmup,
        `${formulas ? 'formulas' : 'default'}-${i}`,
        formulas ? FIVE_ROWS : undefined,
      );
    let defaultPerSecond: number;
    let formulaPerSecond: number;
    if (i % 2 === 0) {
      defaultPerSecond = await run(false);
      formulaPerSecond = await run(true);
    } else {
      formulaPerSecond = await run(true);
      defaultPerSecond = await run(false);
    }
    results.push({ defaultPerSecond, formulaPerSecond });
  }
  return { messages: count, warmup, rounds: results };
}
