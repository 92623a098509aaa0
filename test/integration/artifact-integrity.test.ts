// Each artifact version records a checksum of its files (SHA-256 for small ones, xxh128 for
// large ones), computed while they are written;
// a load of content changed on disk fails naming the version, and versions stored before
// hashes existed load as they always did. The column is added on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, test } from 'node:test';
import { BaseMaterializer, loadArtifact, registerMaterializer, saveArtifact, type ArtifactFiles } from '../../src/index.js';
import { fileHashOf, LARGE_FILE_BYTES, parseFileHash } from '../../src/artifacts/file-hashes.js';
import { getZenContext } from '../../src/context/zen-context.js';
import { openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import { testPostgres } from '../helpers/postgres.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-integrity-');
const { gate, server } = await testPostgres();
const stores: ZenStore[] = [];
after(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

class Streamed {
  constructor(readonly text: string) {}
}

/** Writes and reads through streams, as large-file materializers do. */
class StreamedMaterializer extends BaseMaterializer<Streamed> {
  readonly id = 'test.streamed';
  canHandle(value: unknown): value is Streamed {
    return value instanceof Streamed;
  }
  dataType(): string {
    return 'Streamed';
  }
  async save(value: Streamed, files: ArtifactFiles): Promise<void> {
    const out = await files.createWriteStream('data.txt');
    await new Promise<void>((resolve, reject) => Readable.from([value.text.slice(0, 3), value.text.slice(3)]).pipe(out).on('finish', resolve).on('error', reject));
  }
  async load(files: ArtifactFiles): Promise<Streamed> {
    const chunks: Buffer[] = [];
    for await (const chunk of await files.createReadStream('data.txt')) chunks.push(chunk as Buffer);
    return new Streamed(Buffer.concat(chunks).toString('utf8'));
  }
}

/** The one data file of a version's folder (not the metadata or preview files). */
function dataFile(uri: string, name: string): string {
  assert.ok(readdirSync(uri).includes(name), `${name} in ${readdirSync(uri).join(', ')}`);
  return join(uri, name);
}

const DAMAGED = (name: string, version: number) => new RegExp(`artifact '${name}' version ${version} .*damaged: .* no longer matches`);

describe('artifact content hashes', () => {
  test('a number whose file was replaced with garbage fails to load, naming the version', async () => {
    const version = await saveArtifact(42.5, 'answer');
    assert.ok(version.fileHashes && Object.keys(version.fileHashes).length > 0, 'hashes recorded on save');
    assert.equal(await loadArtifact('answer'), 42.5);
    const file = Object.keys(version.fileHashes!).find((name) => !name.startsWith('.') && /value|data/.test(name)) ?? Object.keys(version.fileHashes!)[0];
    writeFileSync(dataFile(version.uri, file), '{{{garbage');
    await assert.rejects(loadArtifact('answer'), DAMAGED('answer', 1));
  });

  test('typed arrays written through the local path are hashed as written and checked as read', async () => {
    const version = await saveArtifact(new Float64Array([1, 2, 3, 4]), 'floats');
    assert.deepEqual(await loadArtifact('floats'), new Float64Array([1, 2, 3, 4]));
    const [file] = Object.keys(version.fileHashes!).filter((name) => name.endsWith('.bin'));
    assert.ok(file, `a raw data file is hashed: ${Object.keys(version.fileHashes!).join(', ')}`);
    const path = dataFile(version.uri, file);
    const bytes = readFileSync(path);
    bytes[3] ^= 0xff;
    writeFileSync(path, bytes);
    await assert.rejects(loadArtifact('floats'), DAMAGED('floats', 1));
  });

  test('files written and read as streams are hashed on the way through', async () => {
    registerMaterializer(new StreamedMaterializer());
    const version = await saveArtifact(new Streamed('hello streams'), 'streamed');
    // SHA-256 until this process has loaded xxh128 for a large file, xxh128 after.
    assert.match(version.fileHashes?.['data.txt'] ?? '', /^([0-9a-f]{64}|xxh128:[0-9a-f]{32})$/);
    assert.equal(((await loadArtifact('streamed')) as Streamed).text, 'hello streams');
    writeFileSync(dataFile(version.uri, 'data.txt'), 'hello strEams');
    await assert.rejects(loadArtifact('streamed'), DAMAGED('streamed', 1));
  });

  test('a version stored before hashes existed loads unchecked, as before', async () => {
    const version = await saveArtifact({ kept: true }, 'legacy');
    const context = await getZenContext();
    const { default: Sqlite } = await import('better-sqlite3');
    const db = new Sqlite(join(box.sandbox.configDir, 'local_stores', 'default_zen_store', 'zenml.db'));
    db.prepare('update artifact_versions set file_hashes = null where id = ?').run(version.id);
    db.close();
    assert.equal((await context.store.getArtifactVersion(version.id)).fileHashes, undefined);
    assert.deepEqual(await loadArtifact('legacy'), { kept: true });
  });
});

/** Sets a version's recorded checksums in the SQLite store, as an older zenml (or a damaged row) left them. */
async function setRecordedHashes(id: string, fileHashes: Record<string, string>): Promise<void> {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(join(box.sandbox.configDir, 'local_stores', 'default_zen_store', 'zenml.db'));
  db.prepare('update artifact_versions set file_hashes = ? where id = ?').run(JSON.stringify(fileHashes), id);
  db.close();
}

function flipByte(path: string, at: number): void {
  const bytes = readFileSync(path);
  bytes[at] ^= 0xff;
  writeFileSync(path, bytes);
}

describe('large files: xxh128 checksums, and SHA-256 ones recorded before still checked', () => {
  // Just over the size from which xxh128 is used.
  const large = () => new Float32Array(LARGE_FILE_BYTES / 4 + 1024).map((_, i) => i % 977);

  test('a large array records an xxh128 checksum, loads, and a changed byte fails the load', async () => {
    const version = await saveArtifact(large(), 'big_xxh');
    const [file] = Object.keys(version.fileHashes!).filter((name) => name.endsWith('.bin'));
    assert.match(version.fileHashes![file], /^xxh128:[0-9a-f]{32}$/);
    assert.deepEqual(await loadArtifact('big_xxh'), large());
    flipByte(dataFile(version.uri, file), LARGE_FILE_BYTES - 7);
    await assert.rejects(loadArtifact('big_xxh'), DAMAGED('big_xxh', 1));
  });

  test('a large array recorded with a bare SHA-256 (before xxh128) still loads, and damage is still found', async () => {
    const version = await saveArtifact(large(), 'big_sha');
    const [file] = Object.keys(version.fileHashes!).filter((name) => name.endsWith('.bin'));
    const path = dataFile(version.uri, file);
    await setRecordedHashes(version.id, { ...version.fileHashes, [file]: createHash('sha256').update(readFileSync(path)).digest('hex') });
    assert.deepEqual(await loadArtifact('big_sha'), large());
    flipByte(path, 11);
    await assert.rejects(loadArtifact('big_sha'), DAMAGED('big_sha', 1));
  });

  test('small files written through streams or writeFile verify with either algorithm recorded', async () => {
    const version = await saveArtifact({ small: [1, 2, 3] }, 'small_xxh');
    const [file] = Object.keys(version.fileHashes!).filter((name) => !name.startsWith('.') && name.endsWith('.json'));
    const path = dataFile(version.uri, file);
    await setRecordedHashes(version.id, { [file]: await fileHashOf(readFileSync(path), 'xxh128') });
    assert.deepEqual(await loadArtifact('small_xxh'), { small: [1, 2, 3] });
    writeFileSync(path, readFileSync(path, 'utf8').replace('2', '5'));
    await assert.rejects(loadArtifact('small_xxh'), DAMAGED('small_xxh', 1));
  });

  test('a checksum in a form this version does not know fails the load rather than loading unchecked', async () => {
    const version = await saveArtifact(new Float64Array([5, 6]), 'unknown_form');
    const [file] = Object.keys(version.fileHashes!).filter((name) => name.endsWith('.bin'));
    await setRecordedHashes(version.id, { ...version.fileHashes, [file]: `md5:${'0'.repeat(32)}` });
    await assert.rejects(loadArtifact('unknown_form'), DAMAGED('unknown_form', 1));
  });

  test('the recorded forms parse; anything else does not', () => {
    assert.deepEqual(parseFileHash('a'.repeat(64)), { algorithm: 'sha256', hex: 'a'.repeat(64) });
    assert.deepEqual(parseFileHash(`xxh128:${'b'.repeat(32)}`), { algorithm: 'xxh128', hex: 'b'.repeat(32) });
    for (const bad of ['', 'A'.repeat(64), `xxh128:${'b'.repeat(31)}`, `sha256:${'a'.repeat(64)}`]) assert.equal(parseFileHash(bad), undefined, bad);
  });
});

describe('artifact content hashes on PostgreSQL', gate, () => {
  test('the migration adds the column and hashes round-trip', async () => {
    const store = await openZenStore(await server!.freshDatabaseUrl());
    stores.push(store);
    const id = randomUUID();
    const fileHashes = { 'data.json': 'a'.repeat(64), 'data.bin': `xxh128:${'c'.repeat(32)}` };
    await store.createArtifactVersion({ id, name: 'pg_hashes', uri: `/x/${id}`, artifactStoreId: 'local', materializer: 'zenml.json', dataType: 'Object', type: 'data', fileHashes });
    assert.deepEqual((await store.getArtifactVersion(id)).fileHashes, fileHashes);
  });
});
