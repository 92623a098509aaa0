// The CLI against PostgreSQL: ZENML_STORE_URL=postgresql://... in a fresh config dir runs the
// quickstart, lists it, hits the cache on a second run; a store that cannot be reached is one line.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testPostgres } from '../helpers/postgres.js';
import { createSandbox, REPO_ROOT, runCli, type Sandbox } from '../helpers/sandbox.js';

const { gate, server } = await testPostgres();
const PIPELINE = join(REPO_ROOT, 'examples', 'quickstart', 'pipeline.ts');

describe('zenml on a PostgreSQL store (ZENML_STORE_URL)', gate, () => {
  let sandbox: Sandbox;
  let storeUrl: string;
  const cli = (...args: string[]) => runCli(args, { sandbox, cwd: REPO_ROOT, env: { ZENML_STORE_URL: storeUrl } });

  before(async () => {
    sandbox = createSandbox();
    storeUrl = await server!.freshDatabaseUrl();
  });
  after(() => sandbox?.cleanup());

  test('runs the quickstart, lists its run, and a second run is served from the cache', async () => {
    const first = await cli('pipeline', 'run', PIPELINE, '--json');
    assert.equal(first.code, 0, first.stderr);
    const run = first.json<{ id: string; status: string; steps: Record<string, { status: string }> }>();
    assert.equal(run.status, 'completed');
    const list = await cli('pipeline', 'runs', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(list.json<{ items: Array<{ id: string }> }>().items.map((r) => r.id), [run.id]);
    const second = await cli('pipeline', 'run', PIPELINE, '--json');
    assert.equal(second.code, 0, second.stderr);
    const steps = second.json<{ steps: Record<string, { status: string }> }>().steps;
    for (const id of ['load_data', 'split_data', 'train_model', 'evaluate_model']) assert.equal(steps[id]?.status, 'cached', id);
  });

  test('a PostgreSQL store that cannot be reached is one line saying what to check, without the password', async () => {
    const result = await runCli(['pipeline', 'list'], { sandbox, cwd: REPO_ROOT, env: { ZENML_STORE_URL: 'postgresql://zenml:hunter2@127.0.0.1:1/zenml' } });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /cannot be reached.*ZENML_STORE_URL/);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(!`${result.stdout}${result.stderr}`.includes('hunter2'));
  });
});

test('a command on the SQLite store never loads pg; one on a postgresql:// URL does', async () => {
  const sandbox = createSandbox();
  try {
    // Counts pg's modules in the CommonJS cache (pg is CommonJS) when the CLI exits.
    const hook = sandbox.write('count-pg.mjs', `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => process.stderr.write('PG_MODULES=' + Object.keys(cache).filter((k) => /[\\\\/]node_modules[\\\\/]pg[\\\\/]/.test(k)).length + '\\n'));`);
    const options = { NODE_OPTIONS: `--import ${hook}` };
    const sqlite = await runCli(['pipeline', 'list'], { sandbox, cwd: REPO_ROOT, env: options });
    assert.equal(sqlite.code, 0, sqlite.stderr);
    assert.match(sqlite.stderr, /PG_MODULES=0\n/);
    const postgres = await runCli(['pipeline', 'list'], { sandbox, cwd: REPO_ROOT, env: { ...options, ZENML_STORE_URL: 'postgresql://zenml@127.0.0.1:1/zenml' } });
    assert.match(postgres.stderr, /PG_MODULES=[1-9]/);
  } finally {
    sandbox.cleanup();
  }
});
