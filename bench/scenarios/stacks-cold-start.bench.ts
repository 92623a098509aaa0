// Cold start of `zenml stack list` and `zenml orchestrator flavor list`, with no installed
// plugin and with 5 linked flavor plugins, against `node -e 0`.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_FLOOR_NAME, nodeStartup } from '../lib/floors.js';
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { REPO_ROOT, zenmlTimed } from '../lib/spawn.js';
import { median } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const RUNS = 9;
const PLUGINS = 5;
const BUDGET_MS = 120;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox();
  try {
    const opts = { env: sandbox.env, cwd: sandbox.cwd };
    zenmlTimed(['stack', 'list'], opts); // creates the store and default stack once
    const measure = () => {
      const floor: number[] = [];
      const stack: number[] = [];
      const flavors: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        floor.push(nodeStartup(sandbox.env));
        stack.push(zenmlTimed(['stack', 'list'], opts).ms);
        flavors.push(zenmlTimed(['orchestrator', 'flavor', 'list'], opts).ms);
      }
      return { floor: median(floor), stack: median(stack), flavors: median(flavors) };
    };
    const before = measure();
    for (let i = 1; i <= PLUGINS; i++) linkDemoPlugin(sandbox.dir, i, opts);
    const withPlugins = measure();

    const rows: BenchResult[] = [];
    for (const [label, m] of [['0 plugins', before], [`${PLUGINS} plugins`, withPlugins]] as const) {
      for (const [command, value] of [['stack list', m.stack], ['orchestrator flavor list', m.flavors]] as const) {
        rows.push(result({
          scenario: 'stacks-cold-start',
          metric: `zenml ${command}, ${label} (median of ${RUNS})`,
          value,
          unit: 'ms',
          floor: { name: NODE_FLOOR_NAME, value: m.floor },
          target: `≤ floor + ${BUDGET_MS} ms`,
          pass: value <= m.floor + BUDGET_MS,
        }));
      }
    }
    const perPlugin = (withPlugins.stack - withPlugins.floor - (before.stack - before.floor)) / PLUGINS;
    rows.push(result({
      scenario: 'stacks-cold-start',
      metric: 'stack list: extra start-up per installed plugin',
      value: perPlugin,
      unit: 'ms',
      target: '≤ 5 ms per plugin',
      pass: perPlugin <= 5,
      note: 'Plugins are linked copies of test/fixtures/flavor-plugin-demo; unrelated commands never run their hooks.',
    }));
    return rows;
  } finally {
    sandbox.dispose();
  }
}

function linkDemoPlugin(dir: string, index: number, opts: { env: NodeJS.ProcessEnv; cwd: string }): void {
  const folder = join(dir, 'bench-plugins', `demo-${index}`);
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'flavor-plugin-demo'), folder, { recursive: true });
  const pjsonPath = join(folder, 'package.json');
  const pjson = JSON.parse(readFileSync(pjsonPath, 'utf8'));
  pjson.name = `zenml-flavor-demo-${index}`;
  writeFileSync(pjsonPath, JSON.stringify(pjson));
  // Distinct flavor names, so the plugins do not shadow each other.
  const hook = join(folder, 'lib', 'flavors.js');
  writeFileSync(hook, readFileSync(hook, 'utf8').replace(/name: '(demo|remote_demo)'/g, `name: '$1_${index}'`));
  mkdirSync(join(folder, 'node_modules'), { recursive: true });
  symlinkSync(REPO_ROOT, join(folder, 'node_modules', 'zenml'), 'dir');
  zenmlTimed(['plugins', 'link', folder], opts); // throws on a non-zero exit
}
