// The server sends a hot page's serialized answer again while the store is unchanged; any write,
// through the server or straight into the database from another process, shows on the next read.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openZenStore } from '../../src/store/open-store.js';
import { startTestServer, type RunningServer } from '../helpers/rest-server.js';

let dir: string;
let server: RunningServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zenml-answer-reuse-'));
  const store = await openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
  const pipeline = await store.getOrCreatePipeline('reuse');
  const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
  for (let i = 0; i < 3; i++) await store.createRun({ name: `run-${i}`, pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
  server = await startTestServer(store);
});

after(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const page = async (query = 'size=50') => {
  const response = await fetch(`${server.url}/api/v1/runs?${query}`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return (await response.json()) as { items: Array<{ name: string; status: string }>; total: number; size: number };
};

test('a repeated read gets the same answer, shaped like the uncached one', async () => {
  const first = await page();
  const second = await page();
  assert.deepEqual(second, first);
  assert.equal(first.total, 3);
  assert.deepEqual(first.items.map((run) => run.name).sort(), ['run-0', 'run-1', 'run-2']);
  // Other queries are other answers.
  assert.equal((await page('size=1')).items.length, 1);
  assert.equal((await page()).items.length, 3);
});

test('a write through the server shows on the next read', async () => {
  const before = await page();
  const run = before.items.find((item) => item.name === 'run-0')!;
  assert.notEqual(run.status, 'completed');
  const id = (run as unknown as { id: string }).id;
  const update = await fetch(`${server.url}/api/v1/runs/${id}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'completed' }) });
  assert.ok(update.ok, `PUT answered ${update.status}`);
  assert.equal((await page()).items.find((item) => item.name === 'run-0')!.status, 'completed');
});

test('a write by another process, straight into the database, shows on the next read', async () => {
  await page();
  const script = `const Database = require('better-sqlite3'); const db = new Database(process.argv[1]); db.prepare("update pipeline_runs set name = 'renamed-elsewhere' where name = 'run-1'").run(); db.close();`;
  execFileSync(process.execPath, ['-e', script, join(dir, 'zenml.db')]);
  const names = (await page()).items.map((item) => item.name);
  assert.ok(names.includes('renamed-elsewhere'), `names after the outside write: ${names.join(', ')}`);
  assert.ok(!names.includes('run-1'));
});
