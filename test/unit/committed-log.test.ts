// A local store's commit markers, one append-only log per process (src/artifacts/committed-log.ts).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { logCommitted, releaseCommittedLog, settleLogged, unsettledEntries } from '../../src/artifacts/committed-log.js';
import { LocalArtifactStore } from '../../plugins/flavor-local/src/local-artifact-store.js';

const dir = mkdtempSync(join(tmpdir(), 'zenml-committed-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MARKERS = '.committed';
const OWNER_TAG = 'testhost.1.';
const logsIn = (root: string) => (existsSync(join(root, MARKERS)) ? readdirSync(join(root, MARKERS)) : []);

test('commits append to one log; settled entries are recorded with the next line; a settled log goes at release', async () => {
  const root = join(dir, 'appends');
  const store = new LocalArtifactStore('appends', root);
  await logCommitted(store, MARKERS, { id: 'v1', path: 'a/v1' }, OWNER_TAG);
  await logCommitted(store, MARKERS, { id: 'v2', path: 'a/v2' }, OWNER_TAG);
  settleLogged(store, MARKERS, ['v1']);
  await logCommitted(store, MARKERS, { id: 'v3', path: 'a/v3' }, OWNER_TAG);
  const [log] = logsIn(root);
  assert.equal(logsIn(root).length, 1);
  assert.deepEqual(unsettledEntries(readFileSync(join(root, MARKERS, log), 'utf8')).map((entry) => entry.id), ['v2', 'v3']);
  releaseCommittedLog(store, MARKERS);
  assert.equal(logsIn(root).length, 1, 'v2 and v3 are unsettled: the log stays');
  settleLogged(store, MARKERS, ['v2', 'v3']);
  releaseCommittedLog(store, MARKERS);
  assert.deepEqual(logsIn(root), []);
});

test("a store folder removed under the open log gets a new log (checked at most once a second, not at every commit)", async () => {
  const root = join(dir, 'removed');
  const store = new LocalArtifactStore('removed', root);
  await logCommitted(store, MARKERS, { id: 'v1', path: 'a/v1' }, OWNER_TAG);
  rmSync(root, { recursive: true, force: true });
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  await logCommitted(store, MARKERS, { id: 'v2', path: 'a/v2' }, OWNER_TAG);
  const logs = logsIn(root);
  assert.equal(logs.length, 1, 'the marker of v2 is in a log a sweep can find');
  assert.deepEqual(unsettledEntries(readFileSync(join(root, MARKERS, logs[0]), 'utf8')).map((entry) => entry.id), ['v2']);
  settleLogged(store, MARKERS, ['v2']);
  releaseCommittedLog(store, MARKERS);
});
