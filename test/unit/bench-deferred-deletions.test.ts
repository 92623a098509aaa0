// `npm run bench` keeps what its scenarios wrote until every scenario is measured (deleting
// thousands of files slows the file creation of whatever runs next, see
// bench/lib/deferred-deletions.mjs): a disposed sandbox moves into the run's trash, and one
// disposed outside a bench run is deleted as before.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { benchSandbox } from '../../bench/lib/sandbox.js';
import { TRASH_ENV, WINDOW_SECONDS, fileCreationMicros, removalWindowLeft, removeTrash } from '../../bench/lib/deferred-deletions.mjs';

const trash = mkdtempSync(join(tmpdir(), 'zenml-test-trash-'));
after(() => rmSync(trash, { recursive: true, force: true }));

function withTrashEnv<T>(value: string | undefined, action: () => T): T {
  const before = process.env[TRASH_ENV];
  if (value === undefined) delete process.env[TRASH_ENV];
  else process.env[TRASH_ENV] = value;
  try {
    return action();
  } finally {
    if (before === undefined) delete process.env[TRASH_ENV];
    else process.env[TRASH_ENV] = before;
  }
}

describe('bench sandboxes and the run trash', () => {
  test('under a bench run, a disposed sandbox is moved into the trash whole, not deleted', () => {
    const sandbox = withTrashEnv(trash, () => benchSandbox());
    sandbox.write('kept.txt', 'still here');
    sandbox.dispose();
    assert.equal(existsSync(sandbox.dir), false);
    const moved = join(trash, basename(sandbox.dir));
    assert.deepEqual(readdirSync(join(moved, 'work')).sort(), ['kept.txt', 'node_modules', 'package.json']);
    // A second dispose (a scenario's own, then its finally) does not fail or move anything again.
    sandbox.dispose();
    assert.ok(existsSync(moved));
  });

  test('outside a bench run, a disposed sandbox is deleted', () => {
    const sandbox = withTrashEnv(undefined, () => benchSandbox());
    sandbox.dispose();
    assert.equal(existsSync(sandbox.dir), false);
    assert.equal(readdirSync(trash).includes(basename(sandbox.dir)), false);
  });

  test('a sandbox disposed after its run removed the trash (an interrupted run) is deleted', () => {
    const gone = join(trash, 'removed-already');
    const sandbox = withTrashEnv(gone, () => benchSandbox());
    sandbox.dispose();
    assert.equal(existsSync(sandbox.dir), false);
    assert.equal(existsSync(gone), false);
  });

  test('the file-creation probe measures without deleting what it created', () => {
    const own = mkdtempSync(join(trash, 'run-'));
    const micros = fileCreationMicros(own);
    assert.ok(micros > 0 && micros < 1_000_000, `probe took ${micros} µs`);
    const [probe] = readdirSync(own);
    assert.equal(readdirSync(join(own, probe)).length, 200);
  });

  test("removing a run's trash starts the window the next run waits out, and only that long", () => {
    const own = mkdtempSync(join(trash, 'run-'));
    const mark = join(trash, 'removed');
    assert.equal(removalWindowLeft(Date.now(), mark), 0, 'no removal yet: no wait');
    removeTrash(own, mark);
    assert.equal(existsSync(own), false);
    const left = removalWindowLeft(Date.now(), mark);
    assert.ok(left > WINDOW_SECONDS - 5 && left <= WINDOW_SECONDS, `left ${left} s`);
    // Measured from the mark's own time: on some machines it runs up to a few ms ahead of
    // Date.now(), and Date.now() + the window would then still be inside it (CI, stop 38).
    const removedAt = statSync(mark).mtimeMs;
    assert.equal(removalWindowLeft(removedAt + WINDOW_SECONDS * 1000, mark), 0);
    assert.equal(removalWindowLeft(removedAt + WINDOW_SECONDS * 1000 - 1500, mark), 2);
    // A mark from the future (the clock was set back) never makes a run wait longer than the window.
    const tomorrow = new Date(Date.now() + 86_400_000);
    utimesSync(mark, tomorrow, tomorrow);
    assert.equal(removalWindowLeft(Date.now(), mark), WINDOW_SECONDS);
  });
});
