// A user project that depends on the package (here linked as node_modules/zenml) imports the
// SDK from plain node, from tsx and from tsc, through the package's `exports` map.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { createSandbox, REPO_ROOT, type Sandbox } from '../helpers/sandbox.js';

const run = promisify(execFile);
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const TSX = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

const TYPED = `
import { step, type OutputRef } from 'zenml';
const double = step({ name: 'double' }, ({ x }: { x: number }) => x * 2);
const answer: number = await double({ x: 21 });
console.log(answer);
export type Ref = OutputRef<number>;
`;

describe('the package as a dependency', () => {
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox();
    sandbox.write('plain.mjs', `import { step } from 'zenml';\nconst double = step({ name: 'double' }, ({ x }) => x * 2);\nconsole.log(await double({ x: 21 }));\n`);
    sandbox.write('typed.ts', TYPED);
    sandbox.write('wrong.ts', TYPED.replace('const answer: number', 'const answer: string'));
    const compilerOptions = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(REPO_ROOT, 'node_modules', '@types')] };
    sandbox.write('tsconfig.json', JSON.stringify({ compilerOptions, files: ['typed.ts'] }));
    sandbox.write('tsconfig.wrong.json', JSON.stringify({ compilerOptions, files: ['wrong.ts'] }));
  });
  after(() => sandbox?.cleanup());

  test('plain node imports the compiled SDK', async () => {
    const { stdout } = await run(process.execPath, ['plain.mjs'], { cwd: sandbox.cwd, env: sandbox.env });
    assert.equal(stdout.trim(), '42');
  });

  test('tsx runs a TypeScript file that imports it', async () => {
    const { stdout } = await run(process.execPath, [TSX, 'typed.ts'], { cwd: sandbox.cwd, env: sandbox.env });
    assert.equal(stdout.trim(), '42');
  });

  test('tsc resolves its type declarations: correct code compiles, a wrong type is an error', async () => {
    await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: sandbox.cwd, env: sandbox.env });
    const wrong = await run(process.execPath, [TSC, '-p', 'tsconfig.wrong.json'], { cwd: sandbox.cwd, env: sandbox.env }).then(
      () => ({ stdout: '' }),
      (error: { stdout: string }) => error,
    );
    assert.match(wrong.stdout, /wrong\.ts.*error TS2322: Type 'number' is not assignable to type 'string'/);
  });
});
