// The s3 store's own promises beyond the conformance suite, on a real Ceph radosgw:
// multipart round trips, failed uploads leave nothing, large-object commits, clear errors
// that never carry the credentials.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import { after, before, describe, test } from 'node:test';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { ArtifactStore } from 'zenml/plugin';
import flavors from '../src/flavors.js';
import { S3ArtifactStore } from '../src/s3-artifact-store.js';
import { createS3Client } from '../src/s3-client.js';
import { s3ServerProblem, startS3Server, type S3Server } from '../../../test/helpers/s3.js';
import { serviceGate } from '../../../test/helpers/service-gate.js';

const MiB = 1024 * 1024;
const gate = serviceGate('S3 (Ceph radosgw)', s3ServerProblem());

async function storeFor(config: Record<string, unknown>): Promise<ArtifactStore> {
  const [flavor] = await flavors();
  return (await (await flavor!.load()).create({ id: 'test-store', name: 's3store', config, configDir: '/nonexistent' })) as ArtifactStore;
}

describe('s3 artifact store on radosgw', gate, () => {
  let server: S3Server;
  let store: ArtifactStore;
  const keysUnder = async (prefix: string) =>
    ((await server.client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }))).Contents ?? []).map((object) => object.Key!);
  const openUploads = async () => (await server.client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }))).Uploads ?? [];

  before(async () => {
    server = await startS3Server();
    store = await storeFor(server.storeConfig('store'));
  });
  after(() => server?.stop());

  test('a 64 MiB Float32Array round-trips through a multipart upload, byte for byte', async () => {
    const values = new Float32Array(16 * MiB);
    for (let i = 0; i < values.length; i += 997) values[i] = i / 3;
    const bytes = new Uint8Array(values.buffer);
    await store.writeFile('big/data.bin', bytes);
    assert.equal(await store.size('big/data.bin'), 64 * MiB);
    const read = await store.readFile('big/data.bin');
    assert.equal(read.byteOffset, 0, 'the read buffer owns its memory (no pooled slice)');
    assert.equal(read.buffer.byteLength, 64 * MiB, 'one allocation of the object size');
    assert.ok(Buffer.from(bytes.buffer).equals(read));
    assert.deepEqual(await openUploads(), []);
  });

  test('a streamed 40 MiB write is one object once the stream finishes', async () => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(MiB, i));
    await pipe(Readable.from(chunks), await store.createWriteStream('streamed/data.bin'));
    assert.equal(await store.size('streamed/data.bin'), 40 * MiB);
    let offset = 0;
    for await (const chunk of await store.createReadStream('streamed/data.bin')) {
      for (let i = 0; i < chunk.length; i += 65536) assert.equal(chunk[i], Math.floor((offset + i) / MiB));
      offset += chunk.length;
    }
    assert.equal(offset, 40 * MiB);
  });

  test('a stream that fails mid-upload aborts the multipart upload and leaves no object', async () => {
    async function* failing() {
      for (let i = 0; i < 40; i++) yield Buffer.alloc(MiB, 7);
      throw new Error('source broke');
    }
    await assert.rejects(pipe(Readable.from(failing()), await store.createWriteStream('failed/data.bin')), /source broke/);
    // As writeArtifact does on failure: remove() returns once the upload has been aborted.
    await store.remove('failed');
    assert.equal(await store.exists('failed/data.bin'), false);
    assert.deepEqual(await keysUnder('store/failed'), []);
    assert.deepEqual(await openUploads(), [], 'no multipart upload is left open');
  });

  test('remove aborts multipart uploads a dead writer left open below the folder', async () => {
    const { CreateMultipartUploadCommand } = await import('@aws-sdk/client-s3');
    await server.client.send(new CreateMultipartUploadCommand({ Bucket: server.bucket, Key: 'store/.tmp/dead.1.x/data.bin' }));
    await server.client.send(new CreateMultipartUploadCommand({ Bucket: server.bucket, Key: 'store/.tmp/other/data.bin' }));
    await store.remove('.tmp/dead.1.x');
    assert.deepEqual((await openUploads()).map((upload) => upload.Key), ['store/.tmp/other/data.bin']);
    await store.remove('.tmp');
    assert.deepEqual(await openUploads(), []);
  });

  test('commit copies objects larger than the single-copy limit part by part', async () => {
    const small = new S3ArtifactStore('copy-test', `s3://${server.bucket}/copies`, createS3Client(server.storeConfig('copies') as never), {
      partSize: 5 * MiB,
      queueSize: 2,
      maxSingleCopyBytes: 6 * MiB,
      copyPartSize: 5 * MiB,
    });
    const payload = Buffer.alloc(13 * MiB);
    for (let i = 0; i < payload.length; i += 4096) payload[i] = (i >> 12) & 255;
    await small.writeFile('.tmp/v1/data.bin', payload);
    await small.writeFile('.tmp/v1/meta.json', '{"a":1}');
    await small.commit('.tmp/v1', 'artifact/v1');
    assert.ok((await small.readFile('artifact/v1/data.bin')).equals(payload));
    assert.equal((await small.readFile('artifact/v1/meta.json')).toString(), '{"a":1}');
    assert.deepEqual(await keysUnder('copies/.tmp'), []);
    assert.deepEqual(await openUploads(), []);
  });

  test('URIs carry the bucket and prefix; other stores\' URIs are not ours', () => {
    assert.equal(store.root, `s3://${server.bucket}/store`);
    assert.equal(store.uri('a/b.txt'), `s3://${server.bucket}/store/a/b.txt`);
    assert.equal(store.pathOf(`s3://${server.bucket}/store/a/b.txt`), 'a/b.txt');
    assert.equal(store.pathOf(`s3://${server.bucket}/storeX/a`), undefined);
    assert.equal(store.pathOf('/tmp/a/b.txt'), undefined);
  });

  test('a wrong secret key fails with one line naming the object and the fix, never the keys', async () => {
    const wrong = await storeFor({ ...server.storeConfig('store'), secretAccessKey: 'not-the-secret-key-123' });
    const error = await wrong.writeFile('x.txt', 'x').then(
      () => assert.fail('the write succeeded'),
      (caught: Error) => caught,
    );
    assert.match(error.message, /S3 write of s3:\/\/zenml-test\/store\/x\.txt failed/);
    assert.match(error.message, /accessKeyId and secretAccessKey/);
    assert.ok(!error.message.includes('not-the-secret-key-123'));
    assert.ok(!error.message.includes(server.accessKeyId));
    assert.ok(!error.message.includes('\n'));
  });

  test('a missing bucket says to create it', async () => {
    const missing = await storeFor({ ...server.storeConfig('x'), path: 's3://no-such-bucket/x' });
    await assert.rejects(missing.readFile('a.txt'), /no-such-bucket.*(Create the bucket|No such file)/);
    await assert.rejects(missing.writeFile('a.txt', 'x'), /Create the bucket 'no-such-bucket'/);
  });
});

describe('s3 artifact store config', () => {
  test('a path that is not s3://bucket/prefix is refused with the form to use', async () => {
    await assert.rejects(storeFor({ path: 'https://bucket/x' }), /not an s3:\/\/bucket\/prefix URI.*--path=s3:\/\//);
    await assert.rejects(storeFor({ path: 's3://Bad_Bucket/x' }), /not an s3:\/\/bucket\/prefix URI/);
  });

  test('only one of the two keys is refused', async () => {
    await assert.rejects(storeFor({ path: 's3://bucket/x', accessKeyId: 'id-only' }), /only one of accessKeyId and secretAccessKey/);
  });

  test('loading the flavor descriptor loads neither the AWS SDK nor zenml', async () => {
    const { spawnSync } = await import('node:child_process');
    const script = `const { default: f } = await import(${JSON.stringify(new URL('../dist/flavors.js', import.meta.url).href)}); await f();
const { createRequire } = await import('node:module'); const require = createRequire(import.meta.url); const count = () => Object.keys(require.cache).filter((k) => k.includes('@aws-sdk')).length;
const before = count(); await import('@aws-sdk/client-s3'); console.log(before, count() > 0);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: new URL('..', import.meta.url).pathname });
    assert.equal(result.stdout.trim(), '0 true', result.stderr);
    // zenml itself is ESM (not in require's cache): the built hook imports nothing but the path pattern.
    const { readFileSync } = await import('node:fs');
    const imports = (file: string) => [...readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8').matchAll(/^import .* from '([^']+)'/gm)].map((match) => match[1]);
    assert.deepEqual(imports('flavors.js'), ['./s3-path-pattern.js']);
    assert.deepEqual(imports('s3-path-pattern.js'), []);
  });
});
