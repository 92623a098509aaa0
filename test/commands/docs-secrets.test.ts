// The secret commands printed in README.md and docs/secrets.md run as printed (with the files
// they read put in place), so `secret update -v ... -r ...` in the docs cannot drift from the CLI.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO_ROOT, createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const KEY = { ZENML_SECRETS_ENCRYPTION_KEY: 'docs-test-key' };

/** The `npx zenml secret ...` lines (and what follows them in the same block) of the first sh block holding a `secret update`. */
function secretLines(file: string): string[] {
  const blocks = [...readFileSync(join(REPO_ROOT, file), 'utf8').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = blocks.find((text) => /npx zenml secret update/.test(text));
  assert.ok(block, `${file} has a sh block with a secret update example`);
  // The keychain needs a Secret Service; those lines are covered by the keychain tests.
  return block.split('\n').filter((line) => line.startsWith('npx zenml ') && !/keychain|backup/.test(line));
}

function runLine(sandbox: Sandbox, line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // `npx zenml` is this checkout's CLI; bash reads the quoting and comments as a user's shell would.
  const script = `npx() { shift; node '${CLI}' "$@"; }\n${line}`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { cwd: sandbox.cwd, env: { ...sandbox.env, ...KEY } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('secret examples in the docs run as printed', () => {
  let sandbox: Sandbox;
  before(() => {
    sandbox = createSandbox('zenml-docs-secrets-');
    sandbox.write('password.txt', 'first-password');
    sandbox.write('new.txt', 'second-password');
  });
  after(() => sandbox?.cleanup());

  for (const file of ['README.md', 'docs/secrets.md']) {
    test(file, async () => {
      const lines = secretLines(file);
      assert.ok(lines.some((line) => / -v '/.test(line) && / -r /.test(line)), 'the update example uses -v and -r');
      for (const line of lines) {
        const result = await runLine(sandbox, line);
        assert.equal(result.code, 0, `${line}\n${result.stderr}`);
      }
    });
  }

  test('the updates did what the docs say', async () => {
    const store = (await runCli(['secret', 'get', 'store', '--reveal', '--json'], { sandbox, env: KEY })).json();
    assert.deepEqual(store.values, { root: '/abs/path/other' });
    const db = (await runCli(['secret', 'get', 'db', '--reveal', '--json'], { sandbox, env: KEY })).json();
    assert.deepEqual(db.values, { user: 'admin', password: 'second-password' });
  });
});
