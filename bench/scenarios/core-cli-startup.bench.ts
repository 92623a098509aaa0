// CLI start-up: `zenml --version`, `--help` and a store-opening list command against `node -e 0`.
// The same measurement (and budgets) as the `npm run bench:startup` guard.
import { NODE_FLOOR_NAME } from '../lib/floors.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { measureStartup } from '../lib/startup.js';
import type { BenchResult } from '../types.js';

const RUNS = 11;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox();
  try {
    const { floorMs, rows } = await measureStartup(sandbox.env, RUNS);
    return rows.map((row) =>
      result({
        scenario: 'core-cli-startup',
        metric: `${row.command} (median of ${RUNS})`,
        value: row.medianMs,
        unit: 'ms',
        floor: { name: NODE_FLOOR_NAME, value: floorMs },
        target: `≤ floor + ${row.targetOverFloorMs} ms`,
        pass: row.targetMet,
        note: `+${row.overFloorMs.toFixed(0)} ms over the floor; the start-up guard (npm run bench:startup) fails beyond +${row.budgetOverFloorMs} ms.`,
      }),
    );
  } finally {
    sandbox.dispose();
  }
}
