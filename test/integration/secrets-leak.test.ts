import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, useSandboxEnv, type CliResult, type Sandbox } from '../helpers/sandbox.js';

/**
 * The leak test: a pipeline whose steps use a secret runs from a file through the
 * CLI (in process, and in child processes with local_process), then every file under the
 * sandbox (config dir, store, WAL, artifacts, logs, exports) and every captured output is
 * searched for the value.
 */
const PIPELINE = `
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { step, pipeline, logMetadata } from 'zenml';

const hash = (value?: string) => (value === undefined ? null : createHash('sha256').update(value).digest('hex'));
// null where /proc cannot be read: the leak check then reports that it could not look, never "no leak".
const cmdline = (pid: number | string) => { try { return readFileSync('/proc/' + pid + '/cmdline', 'utf8'); } catch { return null; } };
const onCommandLine = (token: string) => {
  const lines = [cmdline('self'), cmdline(process.ppid)];
  return lines.includes(null) ? null : lines.join('').includes(token);
};

const useSecret = step({ name: 'use_secret', secrets: ['api'] }, () => {
  const token = process.env.API_TOKEN;
  logMetadata({ metadata: { token_length: token?.length ?? 0 } });
  return {
    hash: hash(token),
    user: process.env.API_USER ?? null,
    onCommandLine: token === undefined ? false : onCommandLine(token),
  };
});
const checkGone = step({ name: 'check_gone' }, ({ tag }: { tag: string }) => ({ tag, gone: process.env.API_TOKEN === undefined }));
const failWithSecret = step({ name: 'fail_with_secret', secrets: ['api'] }, () => {
  throw new Error('could not log in with token ' + process.env.API_TOKEN);
});

export const leak = pipeline({ name: 'leak' }, () => {
  useSecret();
  checkGone({ tag: 'after' }, { after: ['use_secret'] });
});
export const failing = pipeline({ name: 'failing' }, () => {
  failWithSecret();
});
`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isSymbolicLink()) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets never leak (pipeline run through the CLI)', () => {
  const VALUE = `leak-canary-${randomUUID()}`;
  let sandbox: Sandbox;
  let valuesFile: string;
  const outputs: Array<{ args: string[]; result: CliResult }> = [];
  const cli = async (...args: string[]) => {
    const result = await runCli(args, { sandbox, env: { ZENML_DEBUG: '' } });
    outputs.push({ args, result });
    return result;
  };

  before(async () => {
    sandbox = createSandbox('zenml-secrets-leak-');
    delete sandbox.env.ZENML_SECRETS_ENCRYPTION_KEY;
    sandbox.write('leak.ts', PIPELINE);
    mkdirSync(join(sandbox.dir, 'inputs'));
    valuesFile = join(sandbox.dir, 'inputs', 'api.json');
    writeFileSync(valuesFile, JSON.stringify({ token: VALUE, user: 'svc' }));
    const created = await cli('secret', 'create', 'api', '--values', `@${valuesFile}`);
    assert.equal(created.code, 0, created.stderr);
  });
  after(() => sandbox?.cleanup());

  test('in process: the step sees NAME_KEY, the next step does not, the snapshot keeps only names', async () => {
    const result = await cli('pipeline', 'run', 'leak.ts', '-p', 'leak', '--json');
    assert.equal(result.code, 0, result.stderr);
    const run = result.json();
    assert.equal(run.status, 'completed');
    const table = await cli('pipeline', 'run', 'leak.ts', '-p', 'leak', '--no-cache');
    assert.equal(table.code, 0, table.stderr);

    const restore = useSandboxEnv(sandbox);
    try {
      const { Client } = await import('../../src/index.js');
      const client = new Client();
      const used = await (await client.getArtifactVersion('leak::use_secret::output')).load();
      assert.deepEqual(used, { hash: createHash('sha256').update(VALUE).digest('hex'), user: 'svc', onCommandLine: false });
      assert.deepEqual(await (await client.getArtifactVersion('leak::check_gone::output')).load(), { tag: 'after', gone: true });
      const stored = await client.getPipelineRun(run.name);
      const { getZenContext } = await import('../../src/context/zen-context.js');
      const snapshot = await (await getZenContext()).store.getSnapshot(stored.snapshotId);
      const step = (snapshot.spec as any).steps.find((s: any) => s.id === 'use_secret');
      assert.deepEqual(step.config.secrets, ['api']);
      const stepRuns = (await client.listRunSteps({ pipelineRunId: run.name })).items;
      assert.deepEqual(stepRuns.find((s) => s.invocationId === 'use_secret')!.config.secrets, ['api']);
    } finally {
      const { closeZenContexts } = await import('../../src/context/zen-context.js');
      await closeZenContexts();
      restore();
    }
  });

  test('in child processes (local_process): injected in the step process, never on a command line', async () => {
    let result = await cli('orchestrator', 'register', 'lp', '--flavor', 'local_process');
    assert.equal(result.code, 0, result.stderr);
    result = await cli('stack', 'register', 'lp', '-o', 'lp', '-a', 'default');
    assert.equal(result.code, 0, result.stderr);
    result = await cli('pipeline', 'run', 'leak.ts', '-p', 'leak', '--stack', 'lp', '--no-cache', '--json');
    assert.equal(result.code, 0, result.stderr + result.stdout);
    const restore = useSandboxEnv(sandbox);
    try {
      const { Client } = await import('../../src/index.js');
      const used = await (await new Client().getArtifactVersion('leak::use_secret::output')).load();
      assert.notEqual(used.onCommandLine, null, 'the step could not read /proc/<pid>/cmdline, so the command-line leak check did not look');
      assert.deepEqual(used, { hash: createHash('sha256').update(VALUE).digest('hex'), user: 'svc', onCommandLine: false });
    } finally {
      const { closeZenContexts } = await import('../../src/context/zen-context.js');
      await closeZenContexts();
      restore();
    }
    const exported = join(sandbox.dir, 'lp-stack.yaml');
    assert.equal((await cli('stack', 'export', 'lp', exported)).code, 0);
  });

  test('a step that puts the value in its error: the stored and printed error is redacted', async () => {
    for (const stack of ['default', 'lp']) {
      const result = await cli('pipeline', 'run', 'leak.ts', '-p', 'failing', '--stack', stack);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /could not log in with token \*\*\*\*/);
      const json = await cli('pipeline', 'run', 'leak.ts', '-p', 'failing', '--stack', stack, '--json');
      assert.equal(json.code, 1);
      assert.match(json.json().error, /token \*\*\*\*/);
    }
  });

  test('no file under the sandbox and no captured output holds the value', async () => {
    const runs = (await cli('pipeline', 'runs', 'list', '--json')).json();
    for (const run of runs.items) await cli('pipeline', 'runs', 'describe', run.name, '--json');
    await cli('secret', 'list', '--json');
    await cli('secret', 'get', 'api');
    await cli('secret', 'get', 'api', '--json');
    await cli('stack', 'describe', 'lp', '--json');

    const files = filesUnder(sandbox.dir).filter((file) => file !== valuesFile);
    assert.ok(files.some((f) => f.endsWith('zenml.db')), 'the store is among the scanned files');
    assert.ok(files.some((f) => f.includes(`${join('local_stores', '')}`) && !f.endsWith('.db')), 'artifacts are among the scanned files');
    const needle = Buffer.from(VALUE);
    const holding = files.filter((file) => readFileSync(file).includes(needle));
    assert.deepEqual(holding, []);
    for (const { args, result } of outputs) {
      assert.ok(!result.stdout.includes(VALUE) && !result.stderr.includes(VALUE), `zenml ${args.join(' ')} printed the value`);
    }
    assert.ok(outputs.length >= 15);
  });
});
