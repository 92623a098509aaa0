// A run's small outputs are kept in memory for its steps downstream (src/artifacts/recent-files.ts):
// what writeArtifact hands over, what a load given it reads, and what is never kept.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ArtifactVersionModel, NewArtifactVersion } from '../../src/core/entities.js';
import type { Materializer } from '../../src/core/materializer.js';
import { writeArtifact } from '../../src/artifacts/write.js';
import { loadArtifactValue } from '../../src/artifacts/load.js';
import { RecentFiles, RECENT_VERSION_BYTES, type WrittenContents } from '../../src/artifacts/recent-files.js';
import { LocalArtifactStore } from '../../plugins/flavor-local/src/local-artifact-store.js';

const dirs: string[] = [];
after(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function newStore(): Promise<LocalArtifactStore> {
  const dir = await mkdtemp(join(tmpdir(), 'zenml-recent-'));
  dirs.push(dir);
  return new LocalArtifactStore('store-1', dir);
}

/** Writes `value` and returns its version (as registered) with the contents handed over, if any. */
async function write(store: LocalArtifactStore, value: unknown, materializer?: Materializer): Promise<{ version: ArtifactVersionModel; handed?: WrittenContents }> {
  let handed: WrittenContents | undefined;
  const written: NewArtifactVersion = await writeArtifact(store, value, { name: 'out', materializer, onSmallContents: (contents) => (handed = contents) });
  return { version: { ...written, visualizations: written.visualizations ?? [], artifactId: 'artifact-1', version: 1, created: new Date().toISOString(), tags: [] }, handed };
}

describe('recent files: small outputs loaded from memory', () => {
  test('a small version is handed over as written; a load given it reads no file', async () => {
    const store = await newStore();
    const { version, handed } = await write(store, { accuracy: 0.93, labels: ['cat', 'dog'] });
    assert.ok(handed, 'a small JSON value is handed over');
    const recent = new RecentFiles();
    recent.remember(version.id, handed);
    await rm(store.localPath(`out/${version.id}`), { recursive: true });
    assert.deepEqual(await loadArtifactValue(store, version, undefined, recent.contentsOf(version.id)), { accuracy: 0.93, labels: ['cat', 'dog'] });
    await assert.rejects(loadArtifactValue(store, version), /are missing/, 'without them the load goes to the (removed) files');
  });

  test('binary contents are kept as they were written, whatever happens to the returned bytes after', async () => {
    const store = await newStore();
    const values = new Float32Array([1.5, 2.5, 3.5]);
    const { version, handed } = await write(store, values);
    assert.ok(handed, 'a small typed array is handed over');
    values[0] = 99;
    assert.deepEqual([...((await loadArtifactValue(store, version, undefined, handed)) as Float32Array)], [1.5, 2.5, 3.5]);
    assert.deepEqual([...((await loadArtifactValue(store, version)) as Float32Array)], [1.5, 2.5, 3.5], 'the file holds the same');
  });

  test('a version larger than the limit, or written by stream or through localPath, is not handed over', async () => {
    const store = await newStore();
    assert.equal((await write(store, 'x'.repeat(RECENT_VERSION_BYTES + 1))).handed, undefined);
    assert.ok((await write(store, 'x'.repeat(RECENT_VERSION_BYTES - 4096))).handed, 'under the limit is kept');
    const streaming: Materializer = {
      id: 'test.streaming',
      dataType: () => 'string',
      canHandle: (value) => typeof value === 'string',
      async save(value, files) {
        const stream = await files.createWriteStream('data.txt');
        await new Promise<void>((resolve, reject) => stream.end(String(value), (error?: Error | null) => (error ? reject(error) : resolve())));
      },
      async load(files) {
        return (await files.readFile('data.txt')).toString();
      },
    };
    assert.equal((await write(store, 'streamed', streaming)).handed, undefined);
    const direct: Materializer = { ...streaming, id: 'test.direct', save: async (value, files) => (await import('node:fs')).writeFileSync(files.localPath!('data.txt'), String(value)) };
    assert.equal((await write(store, 'direct', direct)).handed, undefined);
  });

  test('a run keeps at most 4 MiB of them, dropping the oldest first', () => {
    const recent = new RecentFiles();
    const chunk = new Map([['data.bin', new Uint8Array(60 * 1024)]]);
    for (let i = 0; i < 80; i++) recent.remember(`v${i}`, chunk);
    assert.equal(recent.contentsOf('v0'), undefined, 'the oldest went');
    assert.ok(recent.contentsOf('v79'), 'the newest stays');
    const kept = Array.from({ length: 80 }, (_, i) => recent.contentsOf(`v${i}`)).filter(Boolean).length;
    assert.equal(kept, Math.floor((4 * 1024 * 1024) / (60 * 1024)));
  });
});
