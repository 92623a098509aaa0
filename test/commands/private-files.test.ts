// The config dir, the store database (with its -wal/-shm) and the local artifact store are
// private to their user; older, readable ones are tightened on open with one notice; a
// read-only store is a permission problem, not a corrupt one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI, createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const make = step({ name: 'make' }, () => ({ secret: 'metadata' }));
export const privy = pipeline({ name: 'privy' }, () => { make(); });
`;

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('private files', () => {
  let sandbox: Sandbox;
  let storeDir: string;
  let artifactRoot: string;
  let versionDir: string;
  before(async () => {
    sandbox = createSandbox('zenml-private-');
    sandbox.write('p.ts', PIPELINE);
    const run = await runCli(['pipeline', 'run', 'p.ts', '--json'], { sandbox });
    assert.equal(run.code, 0, run.stderr);
    storeDir = join(sandbox.configDir, 'local_stores', 'default_zen_store');
    const stores = readdirSync(join(sandbox.configDir, 'local_stores')).filter((name) => name !== 'default_zen_store');
    artifactRoot = join(sandbox.configDir, 'local_stores', stores[0]);
    const artifactFolder = readdirSync(artifactRoot).find((name) => name.startsWith('privy'))!;
    versionDir = join(artifactRoot, artifactFolder, readdirSync(join(artifactRoot, artifactFolder))[0]);
  });
  after(() => sandbox?.cleanup());

  test('a fresh config dir, store and artifact store are created 0700/0600', () => {
    assert.equal(mode(sandbox.configDir), '700');
    assert.equal(mode(join(sandbox.configDir, 'config.yaml')), '600');
    assert.equal(mode(storeDir), '700');
    for (const suffix of ['', '-wal', '-shm']) {
      const file = join(storeDir, `zenml.db${suffix}`);
      if (existsSync(file)) assert.equal(mode(file), '600', file);
    }
    assert.equal(mode(artifactRoot), '700');
    assert.equal(mode(versionDir), '700');
    for (const file of readdirSync(versionDir)) assert.equal(mode(join(versionDir, file)), '600', file);
  });

  test('readable files made by an older version are tightened on open, with one notice', async () => {
    chmodSync(sandbox.configDir, 0o755);
    chmodSync(join(sandbox.configDir, 'config.yaml'), 0o644);
    chmodSync(join(storeDir, 'zenml.db'), 0o644);
    chmodSync(artifactRoot, 0o755);
    const first = await runCli(['pipeline', 'run', 'p.ts'], { sandbox });
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr.match(/^Notice: .*made private/gm)?.length, 1, first.stderr);
    assert.equal(mode(sandbox.configDir), '700');
    assert.equal(mode(join(sandbox.configDir, 'config.yaml')), '600');
    assert.equal(mode(join(storeDir, 'zenml.db')), '600');
    assert.equal(mode(artifactRoot), '700');
    const second = await runCli(['stack', 'list'], { sandbox });
    assert.doesNotMatch(second.stderr, /Notice/, 'nothing left to tighten: no notice');
  });

  test('a read-only store is reported as a permission problem, never with advice to clean', async (t) => {
    const db = join(storeDir, 'zenml.db');
    // Root ignores modes: run the CLI as nobody against a store nobody may read but not write.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) {
      chmodSync(db, 0o400);
      chmodSync(storeDir, 0o500);
    }
    try {
      let result: { code: number | null; stderr: string };
      if (asRoot) {
        for (const dir of [sandbox.dir, sandbox.cwd, sandbox.configDir, storeDir]) chmodSync(dir, 0o755);
        for (const file of readdirSync(storeDir)) chmodSync(join(storeDir, file), 0o644);
        chownSync(join(sandbox.configDir, 'config.yaml'), 65534, 65534);
        const child = spawnSync(process.execPath, [CLI, 'stack', 'list'], { cwd: sandbox.cwd, env: { ...sandbox.env, HOME: '/tmp' }, uid: 65534, gid: 65534, encoding: 'utf8', timeout: 60_000 });
        if (child.error) return t.skip(`cannot run as nobody: ${child.error.message}`);
        result = { code: child.status, stderr: child.stderr };
      } else {
        result = await runCli(['stack', 'list'], { sandbox });
      }
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /permission denied/i);
      assert.doesNotMatch(result.stderr, /zenml clean|corrupt/i);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    } finally {
      if (!asRoot) chmodSync(storeDir, 0o700);
    }
  });
});
