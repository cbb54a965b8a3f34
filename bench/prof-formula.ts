import { runFormulaCost } from './formula-cost.js';
console.log(JSON.stringify(await runFormulaCost(5_000, 1_000, 1)));
process.exit(0);
