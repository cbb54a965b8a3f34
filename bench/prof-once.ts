import { runDeliveryAlone, runThroughput } from './throughput.js';
const which = process.env.WHICH ?? 'both';
if (which !== 'e2e') console.log('delivery', JSON.stringify(await runDeliveryAlone(20_000, 5_000)));
if (which !== 'delivery') console.log('e2e', JSON.stringify(await runThroughput(20_000, 5_000)));
process.exit(0);
