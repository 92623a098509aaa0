// Runs one scenario in this (fresh) process: `node --import tsx bench/lib/harness.ts <file>`.
// Prints the scenario's results as one JSON line on stdout, marked so the runner can tell
// it apart from anything else the scenario's code printed.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from '../types.js';

// Also spelled out in bench/run.mjs, which reads it.
const RESULT_MARKER = '@@zenml-bench-results@@';

const file = process.argv[2];
if (!file) {
  console.error('usage: node --import tsx bench/lib/harness.ts bench/scenarios/<name>.bench.ts');
  process.exit(2);
}
const scenario = (await import(pathToFileURL(resolve(file)).href)) as { default?: () => Promise<BenchResult[]> };
if (typeof scenario.default !== 'function') throw new Error(`${file} has no default export function returning BenchResult[]`);
const results = await scenario.default();
if (!Array.isArray(results)) throw new Error(`${file} returned ${typeof results}, not an array of results`);
process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(results)}\n`);
// Scenarios may leave handles open (stores, timers); the results are out, so stop here.
process.exit(0);
