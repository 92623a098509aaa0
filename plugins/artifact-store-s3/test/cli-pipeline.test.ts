// A stack with the s3 artifact store, set up and run through the CLI only, against a real
// Ceph radosgw: the credentials come from a zenml secret, a 64 MiB array crosses steps in
// multipart uploads, and a step whose upload fails registers nothing and leaves nothing.
import assert from 'node:assert/strict';
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { after, before, describe, test } from 'node:test';
import { s3ServerProblem, startS3Server, type S3Server } from '../../../test/helpers/s3.js';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { serviceGate } from '../../../test/helpers/service-gate.js';

const PIPELINES = `
import { Readable } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import { BaseMaterializer, pipeline, registerMaterializer, step } from 'zenml';

const LENGTH = 16 * 1024 * 1024; // 64 MiB of float32

const make = step({ name: 'make' }, () => {
  const values = new Float32Array(LENGTH);
  for (let i = 0; i < LENGTH; i++) values[i] = i % 1000;
  return values;
});
const check = step({ name: 'check' }, ({ values }: { values: Float32Array }) => {
  if (!(values instanceof Float32Array) || values.length !== LENGTH) throw new Error('wrong array');
  for (let i = 0; i < LENGTH; i += 4099) if (values[i] !== i % 1000) throw new Error('wrong value at ' + i);
  return 'ok';
});
export const big = pipeline({ name: 's3_big' }, () => { check({ values: make() }); });

class Exploding {}
class ExplodingMaterializer extends BaseMaterializer<Exploding> {
  readonly id = 'test.exploding';
  canHandle(value: unknown) { return value instanceof Exploding; }
  async save(_value: Exploding, files: any) {
    async function* chunks() {
      for (let i = 0; i < 24; i++) yield Buffer.alloc(1024 * 1024, i);
      throw new Error('connection lost mid-upload');
    }
    await pipe(Readable.from(chunks()), await files.createWriteStream('data.bin'));
  }
  async load(): Promise<Exploding> { throw new Error('never written'); }
}
registerMaterializer(new ExplodingMaterializer());
const explode = step({ name: 'explode' }, () => new Exploding());
export const failing = pipeline({ name: 's3_fail' }, () => { explode(); });
`;

const gate = serviceGate('S3 (Ceph radosgw)', s3ServerProblem());

describe('a pipeline on a stack with the s3 artifact store (CLI)', gate, () => {
  let server: S3Server;
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox, timeoutMs: 180_000 });
  const ok = async (...args: string[]) => {
    const result = await cli(...args);
    assert.equal(result.code, 0, `zenml ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    assert.ok(!(result.stdout + result.stderr).includes(server.secretAccessKey), `zenml ${args[0]} printed the secret key`);
    return result;
  };
  const keys = async (prefix: string) =>
    ((await server.client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }))).Contents ?? []).map((object) => object.Key!);

  before(async () => {
    server = await startS3Server();
    sandbox = createSandbox();
    sandbox.write('pipelines.ts', PIPELINES);
    await ok('secret', 'create', 's3', `--access_key=${server.accessKeyId}`, `--secret_key=${server.secretAccessKey}`);
    await ok(
      'artifact-store', 'register', 's3store', '--flavor', 's3', `--path=s3://${server.bucket}/cli`, `--endpointUrl=${server.endpoint}`,
      '--forcePathStyle=true', '--accessKeyId={{s3.access_key}}', '--secretAccessKey={{s3.secret_key}}',
    );
    await ok('stack', 'register', 's3stack', '-o', 'default', '-a', 's3store', '--set');
  });
  after(async () => {
    sandbox?.cleanup();
    await server?.stop();
  });

  test('the component keeps the secret references, not the values', async () => {
    const described = await ok('artifact-store', 'describe', 's3store', '--json');
    assert.match(described.stdout, /\{\{s3\.secret_key\}\}/);
    assert.ok(!described.stdout.includes(server.accessKeyId));
  });

  test('a 64 MiB Float32Array goes from one step to the next through the bucket', async () => {
    const result = await ok('pipeline', 'run', 'pipelines.ts', '-p', 'big', '--json');
    assert.equal(result.json().status, 'completed', result.stderr);
    const versions = (await ok('artifact', 'version', 'list', '--json')).json().items as Array<{ name: string; uri: string; size?: number }>;
    const array = versions.find((version) => version.name === 's3_big::make::output');
    assert.ok(array, JSON.stringify(versions.map((version) => version.name)));
    assert.match(array.uri, new RegExp(`^s3://${server.bucket}/cli/s3_big__make__output/`));
    const stored = await keys(array.uri.replace(`s3://${server.bucket}/`, '') + '/');
    assert.ok(stored.some((key) => key.endsWith('/data.bin')), stored.join(', '));
    assert.deepEqual(await keys('cli/.tmp/'), [], 'no temporary objects are left');
  });

  test('a step whose upload fails registers no version and leaves no object or open upload', async () => {
    const result = await cli('pipeline', 'run', 'pipelines.ts', '-p', 'failing', '--json');
    assert.notEqual(result.code, 0);
    assert.match(result.stdout + result.stderr, /connection lost mid-upload/);
    const versions = (await ok('artifact', 'version', 'list', '--json')).json().items as Array<{ name: string }>;
    assert.deepEqual(versions.filter((version) => version.name.startsWith('s3_fail')), []);
    assert.deepEqual(await keys('cli/s3_fail'), []);
    assert.deepEqual(await keys('cli/.tmp/'), []);
    assert.deepEqual((await server.client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }))).Uploads ?? [], []);
  });
});
