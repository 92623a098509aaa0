#!/usr/bin/env node
// CLI start-up guard (`npm run bench:startup`): fails when `zenml --version`, `--help` or
// `zenml stack list` take longer than their budget over `node -e 0` measured in the same run.
// Usage: node bench/startup.mjs [--runs N]   (needs a build: `npm run build`)
import { cpus, loadavg } from 'node:os';
import { register } from 'tsx/esm/api';

register();
const { measureStartup } = await import('./lib/startup.ts');
const { benchSandbox } = await import('./lib/sandbox.ts');

const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 9;
if (!Number.isInteger(runs) || runs < 7) {
  console.error('--runs must be an integer of at least 7 (medians of fewer runs are too noisy).');
  process.exit(2);
}

const sandbox = benchSandbox();
let failed = false;
try {
  const { floorMs, rows } = await measureStartup(sandbox.env, runs);
  const table = [
    ['command', 'median', 'over floor', 'budget', 'result'],
    ['node -e 0 (floor)', `${floorMs.toFixed(0)} ms`, '', '', ''],
    ...rows.map((row) => [
      row.command,
      `${row.medianMs.toFixed(0)} ms`,
      `+${row.overFloorMs.toFixed(0)} ms`,
      `+${row.budgetOverFloorMs} ms`,
      row.pass ? 'ok' : 'OVER BUDGET',
    ]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  for (const line of table) console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  console.log(`median of ${runs} runs each, measured in turns; load average ${loadavg().map((n) => n.toFixed(1)).join(' / ')} on ${cpus().length} cores`);
  failed = rows.some((row) => !row.pass);
  if (failed) console.error('CLI start-up is over budget: look for a heavy import at module top level (keep them inside the function that needs them).');
} finally {
  sandbox.dispose();
}
process.exit(failed ? 1 : 0);
