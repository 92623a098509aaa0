// A step's cache key covers the code it calls: the file that declares it and the local modules
// that file imports, transitively (README "Cache policies"). Edited between two CLI runs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = (offset: string) => `
import { step, pipeline } from 'zenml';
import { add } from './steps/add.js';
import { mul } from './steps/mul.js';
const shift = (x: number) => ${offset};
const inline = step({ name: 'inline' }, () => shift(1));
export const code = pipeline({ name: 'code' }, () => { inline(); add(); mul(); });
`;
const ADD = (bump: string) => `import { step } from 'zenml';\nconst bump = (x: number) => ${bump};\nexport const add = step({ name: 'add' }, () => bump(1));\n`;
const MUL = `import { step } from 'zenml';\nimport { scale } from '../lib/scale.js';\nexport const mul = step({ name: 'mul' }, () => scale(2));\n`;
const SCALE = `import { FACTOR } from './factor';\nexport const scale = (x: number) => x * FACTOR;\n`;

type RunJson = { steps: Record<string, { status: string; outputs: { output: { id: string } } }> };

describe('cache keys follow the code a step calls (CLI)', () => {
  let sandbox: Sandbox;
  const run = async (): Promise<RunJson> => {
    const result = await runCli(['pipeline', 'run', 'p.ts', '--json'], { sandbox });
    assert.equal(result.code, 0, result.stderr);
    return result.json() as RunJson;
  };
  const statuses = (json: RunJson) => Object.fromEntries(Object.entries(json.steps).map(([id, s]) => [id, s.status]));
  const value = async (json: RunJson, id: string) => {
    const result = await runCli(['artifact', 'inspect', json.steps[id].outputs.output.id, '--load'], { sandbox });
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout);
  };

  before(() => {
    sandbox = createSandbox('zenml-cache-code-');
    sandbox.write('p.ts', PIPELINE('x + 1'));
    sandbox.write('steps/add.ts', ADD('x + 1'));
    sandbox.write('steps/mul.ts', MUL);
    sandbox.write('lib/scale.ts', SCALE);
    sandbox.write('lib/factor.ts', 'export const FACTOR = 10;\n');
    sandbox.write('lib/unrelated.ts', 'export const unused = 1;\n');
  });
  after(() => sandbox?.cleanup());

  test('a step misses the cache when a helper it calls changes, in its own file or an imported module', async () => {
    const first = await run();
    assert.deepEqual(statuses(first), { inline: 'completed', add: 'completed', mul: 'completed' });
    assert.deepEqual(statuses(await run()), { inline: 'cached', add: 'cached', mul: 'cached' });

    // A file no step's code imports: everything stays cached.
    sandbox.write('lib/unrelated.ts', 'export const unused = 2;\n');
    assert.deepEqual(statuses(await run()), { inline: 'cached', add: 'cached', mul: 'cached' });

    // The helper next to the step, in the pipeline file: that step runs again with the new code.
    sandbox.write('p.ts', PIPELINE('x + 100'));
    const inlineEdited = await run();
    assert.deepEqual(statuses(inlineEdited), { inline: 'completed', add: 'cached', mul: 'cached' });
    assert.equal(await value(inlineEdited, 'inline'), 101);

    // The helper in the step's own module: that step, and the step declared in the pipeline
    // file, which imports that module (file granularity); not the step in another module.
    sandbox.write('steps/add.ts', ADD('x + 100'));
    const addEdited = await run();
    assert.deepEqual(statuses(addEdited), { inline: 'completed', add: 'completed', mul: 'cached' });
    assert.equal(await value(addEdited, 'add'), 101);

    // A module the step's module imports two levels down (`./factor` without extension).
    sandbox.write('lib/factor.ts', 'export const FACTOR = 1000;\n');
    const deepEdited = await run();
    assert.deepEqual(statuses(deepEdited), { inline: 'completed', add: 'cached', mul: 'completed' });
    assert.equal(await value(deepEdited, 'mul'), 2000);
  });
});
