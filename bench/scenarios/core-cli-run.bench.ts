// A trivial one-step pipeline run from the CLI, start to exit, against `node -e 0` and
// against `zenml --version` (what the run costs beyond starting the CLI at all). The file is
// compiled on the first (warm-up) run and taken from the compile cache after that, as for a
// user running the same file again; the last row times runs of a file edited before each run.
import { NODE_FLOOR_NAME } from '../lib/floors.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { nodeTimed, zenmlTimed } from '../lib/spawn.js';
import { interleavedMedians } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const RUNS = 7;
/** Issue 15 (P2): a 1-step pipeline from `zenml pipeline run` within 250 ms of `node -e 0`. */
const TARGET_OVER_FLOOR_MS = 250;
const PIPELINE = `import { pipeline, step } from 'zenml';
const hello = step({ name: 'hello' }, () => 'hello');
export const trivial = pipeline({ name: 'trivial' }, () => { hello(); });
`;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox();
  try {
    const file = sandbox.write('trivial.ts', PIPELINE);
    const edited = sandbox.write('edited.ts', PIPELINE);
    const options = { env: sandbox.env, cwd: sandbox.cwd };
    let edits = 0;
    const medians = await interleavedMedians(RUNS, {
      floor: () => nodeTimed(['-e', '0'], options),
      version: () => zenmlTimed(['--version'], options),
      run: () => zenmlTimed(['pipeline', 'run', file, '--no-cache'], options),
      edited: () => {
        sandbox.write('edited.ts', `${PIPELINE}// edit ${++edits}\n`);
        return zenmlTimed(['pipeline', 'run', edited, '--no-cache'], options);
      },
    });
    const metric = `zenml pipeline run of a 1-step pipeline (--no-cache), median of ${RUNS}`;
    return [
      result({
        scenario: 'core-cli-run',
        metric,
        value: medians.run,
        unit: 'ms',
        floor: { name: NODE_FLOOR_NAME, value: medians.floor },
        target: `≤ floor + ${TARGET_OVER_FLOOR_MS} ms`,
        pass: medians.run - medians.floor <= TARGET_OVER_FLOOR_MS,
        note: `+${(medians.run - medians.floor).toFixed(0)} ms over the floor.`,
      }),
      result({
        scenario: 'core-cli-run',
        metric: 'the same run against the bare CLI start-up',
        value: medians.run,
        unit: 'ms',
        floor: { name: 'zenml --version', value: medians.version },
        note: 'The run includes importing the compiled pipeline file, opening the SQLite store and loading the flavor plugins; the second row shows that cost beyond the bare CLI start.',
      }),
      result({
        scenario: 'core-cli-run',
        metric: `the same run of a file edited before each run (compiled again), median of ${RUNS}`,
        value: medians.edited,
        unit: 'ms',
        floor: { name: NODE_FLOOR_NAME, value: medians.floor },
        note: 'An edited file (or imported local module) misses the compile cache: esbuild compiles it again before the run.',
      }),
    ];
  } finally {
    sandbox.dispose();
  }
}
