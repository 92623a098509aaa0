// The test machinery's own guards: the runner (scripts/test.mjs) refuses a dist/ older than the
// sources, and under ZENML_TEST_REQUIRE_SERVICES=1 a skipped test fails the run instead of hiding
// a gap; the temp-folder check fails on a wrong path instead of reporting an empty folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
// @ts-expect-error plain .mjs build script without type declarations
import { staleBuildProblem, writeBuildStamp } from '../../scripts/lib/build-stamp.mjs';
import { REPO_ROOT } from '../helpers/sandbox.js';
import { tempFolderEntries } from '../integration/sdk-sandbox.js';

describe('stale compiled output', () => {
  const tree = () => {
    const root = mkdtempSync(join(tmpdir(), 'zenml-stamp-'));
    for (const dir of ['src/commands', 'plugins/flavor-x/src']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'src/commands/a.ts'), '');
    writeFileSync(join(root, 'plugins/flavor-x/src/b.ts'), '');
    return root;
  };
  const age = (path: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(path, when, when);
  };

  test('no build stamp: refused with the command to run', () => {
    const root = tree();
    try {
      assert.match(staleBuildProblem(root), /^dist\/ has no build stamp .*run `npm run build` first\.$/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a source or plugin source file newer than the stamp is named; an up-to-date build passes', () => {
    const root = tree();
    try {
      writeBuildStamp(root);
      age(join(root, 'src/commands/a.ts'), 60);
      age(join(root, 'plugins/flavor-x/src/b.ts'), 60);
      assert.equal(staleBuildProblem(root), undefined);
      age(join(root, 'plugins/flavor-x/src/b.ts'), -60);
      const problem = staleBuildProblem(root);
      assert.match(problem, /plugins\/flavor-x\/src\/b\.ts: run `npm run build` first/);
      assert.ok(!problem.includes('\n'));
      age(join(root, 'plugins/flavor-x/src/b.ts'), 60);
      age(join(root, 'src/commands/a.ts'), -60);
      assert.match(staleBuildProblem(root), /src\/commands\/a\.ts/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('skipped tests', () => {
  const fixture = join(REPO_ROOT, 'test', 'fixtures', 'runner', 'one-skip.test.mjs');
  const runner = (env: Record<string, string>) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.NODE_TEST_CONTEXT;
    return spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'test.mjs'), fixture], { cwd: REPO_ROOT, env: childEnv, encoding: 'utf8', timeout: 60_000 });
  };

  test('are listed with their reason, and pass locally', () => {
    const result = runner({ ZENML_TEST_REQUIRE_SERVICES: '' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /1 test\(s\) or group\(s\) skipped:/);
    assert.match(result.stderr, /one-skip\.test\.mjs: needs a service \(fixture service is not available\)/);
  });

  test('fail the run under ZENML_TEST_REQUIRE_SERVICES=1', () => {
    const result = runner({ ZENML_TEST_REQUIRE_SERVICES: '1' });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stderr, /skipped, which ZENML_TEST_REQUIRE_SERVICES=1 counts as failures/);
    assert.match(result.stderr, /needs a service/);
  });
});

describe('the temp-folder check', () => {
  test('fails when the artifact store root does not exist, instead of finding nothing', () => {
    assert.throws(() => tempFolderEntries(join(tmpdir(), 'zenml-no-such-store-root')), /does not exist: the temp-folder check is looking in the wrong place/);
  });

  test('lists what is left in the temp folder, and nothing when it was never made', () => {
    const root = mkdtempSync(join(tmpdir(), 'zenml-temp-check-'));
    try {
      assert.deepEqual(tempFolderEntries(root), []);
      mkdirSync(join(root, '.tmp', 'left-behind'), { recursive: true });
      assert.deepEqual(tempFolderEntries(root), ['left-behind']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
