// Issue 4's figure: transfers per second through a five-row collection with two formulas, beside the default.
import { DEMO_EVENT_ID } from '../src/sim/index.js';
import { THROTTLE_OFF, waitFor, withRig } from './rig.js';

export interface FormulaCostResult {
  readonly messages: number;
  /** Transfers per second, bulk upload start to all delivered, with the default collection (field rows only). */
  readonly defaultPerSecond: number;
  /** The same with the five-row collection below (two Dynamic Formula rows). */
  readonly formulaPerSecond: number;
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
    const started = performance.now();
    const ingest = await ferry.bulk(prefix, count);
    if (ingest.accepted !== count) throw new Error(`only ${ingest.accepted} of ${count} accepted`);
    await waitFor(() => sim.state.messagesAccepted() >= count, 600_000);
    const done = await ferry.waitDelivered(sub, count, 60_000, 20);
    return count / ((done.atMs - started) / 1_000);
  });
}

export async function runFormulaCost(count: number): Promise<FormulaCostResult> {
  const defaultPerSecond = await transfersPerSecond(count, 'default', undefined);
  const formulaPerSecond = await transfersPerSecond(count, 'formulas', FIVE_ROWS);
  return { messages: count, defaultPerSecond, formulaPerSecond };
}
