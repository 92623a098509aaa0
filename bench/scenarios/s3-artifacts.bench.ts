// Saving and loading a large Float32Array through saveArtifact/loadArtifact on a stack whose
// artifact store is `s3` (a real Ceph radosgw on loopback, started here), against a raw
// multipart PUT (@aws-sdk/lib-storage Upload) and a GET of the same bytes with the SDK
// directly. Rounds alternate raw and zenml, so the load of a shared machine hits both alike.
//   ZENML_BENCH_S3_MIB     array size in MiB (default 1024)
//   ZENML_BENCH_S3_REPEATS rounds (default 3)
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { startS3Server, type S3Server } from '../../test/helpers/s3.js';
import { MiB, peakRssMiB, result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { median, timeMs } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 's3-artifacts';
const SIZE_MIB = Number(process.env.ZENML_BENCH_S3_MIB ?? 1024);
const REPEATS = Number(process.env.ZENML_BENCH_S3_REPEATS ?? 3);
const LENGTH = (SIZE_MIB * MiB) / Float32Array.BYTES_PER_ELEMENT;
/** The s3 store's own part size and queue, so both sides upload in the same parts. */
const PART_SIZE = 16 * MiB;
const QUEUE_SIZE = 4;

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function makeArray(): Float32Array {
  const values = new Float32Array(LENGTH);
  for (let i = 0; i < LENGTH; i++) values[i] = (i % 1024) * 0.5;
  return values;
}

function check(view: Float32Array): void {
  const last = LENGTH - 1;
  if (view.length !== LENGTH || view[last] !== (last % 1024) * 0.5 || view[12345] !== (12345 % 1024) * 0.5) throw new Error('the loaded array differs from the saved one');
}

async function rawPut(server: S3Server, key: string, bytes: Uint8Array): Promise<void> {
  await new Upload({ client: server.client, params: { Bucket: server.bucket, Key: key, Body: bytes }, partSize: PART_SIZE, queueSize: QUEUE_SIZE }).done();
}

/** A GET into one buffer of the object's size: the least a reader of the whole object must do. */
async function rawGet(server: S3Server, key: string): Promise<Buffer> {
  const response = await server.client.send(new GetObjectCommand({ Bucket: server.bucket, Key: key }));
  const data = Buffer.allocUnsafeSlow(response.ContentLength!);
  let offset = 0;
  for await (const chunk of response.Body as Readable) {
    data.set(chunk as Buffer, offset);
    offset += (chunk as Buffer).byteLength;
  }
  return data;
}

/**
 * Empties a prefix between rounds and has radosgw free the deleted data at once (it
 * otherwise keeps it for hours): its memstore device holds 2 GiB, two 1 GiB objects.
 */
async function emptyPrefix(server: S3Server, prefix: string): Promise<void> {
  const listed = await server.client.send(new ListObjectsV2Command({ Bucket: server.bucket, Prefix: prefix }));
  const keys = (listed.Contents ?? []).map((object) => ({ Key: object.Key! }));
  if (keys.length) await server.client.send(new DeleteObjectsCommand({ Bucket: server.bucket, Delete: { Objects: keys, Quiet: true } }));
  spawnSync('radosgw-admin', ['-c', server.cephConf, 'gc', 'process', '--include-all'], { stdio: 'ignore', timeout: 120_000 });
}

export default async function (): Promise<BenchResult[]> {
  const server = await startS3Server('zenml-bench');
  const sandbox = benchSandbox({ apply: true });
  try {
    const { Client, saveArtifact, loadArtifact } = await import('zenml');
    const client = new Client();
    await client.createSecret('s3', { access_key: server.accessKeyId, secret_key: server.secretAccessKey });
    const config = { ...server.storeConfig('zenml'), accessKeyId: '{{s3.access_key}}', secretAccessKey: '{{s3.secret_key}}' };
    await client.createStackComponent({ type: 'artifact_store', name: 's3store', flavor: 's3', config });
    await client.createStack('s3stack', { orchestrator: 'default', artifact_store: 's3store' });
    await client.activateStack('s3stack');
    await saveArtifact(new Float32Array(4), 'warm_up'); // opens the store, loads the SDK, creates the client

    const values = makeArray();
    const bytes = new Uint8Array(values.buffer);
    const times = { rawPut: [] as number[], rawGet: [] as number[], save: [] as number[], load: [] as number[] };
    const rawRound = async () => {
      times.rawPut.push(await timeMs(() => rawPut(server, 'raw/data.bin', bytes)));
      let raw: Buffer | undefined;
      times.rawGet.push(await timeMs(async () => (raw = await rawGet(server, 'raw/data.bin'))));
      check(new Float32Array(raw!.buffer, raw!.byteOffset, LENGTH));
      raw = undefined;
      await emptyPrefix(server, 'raw/');
      gc();
    };
    const zenmlRound = async () => {
      let saved: Awaited<ReturnType<typeof saveArtifact>> | undefined;
      times.save.push(await timeMs(async () => (saved = await saveArtifact(values, 'big_array'))));
      let loaded: Float32Array | undefined;
      times.load.push(await timeMs(async () => (loaded = await loadArtifact<Float32Array>('big_array', saved!.version))));
      check(loaded!);
      loaded = undefined;
      await emptyPrefix(server, 'zenml/big_array/');
      gc();
    };
    // The side that goes first in a round also pays radosgw's first touch of the memory it
    // stores into; alternating the order spreads that over both sides.
    for (let round = 0; round < REPEATS; round++) {
      if (round % 2 === 0) await rawRound().then(zenmlRound);
      else await zenmlRound().then(rawRound);
    }

    const speed = (samples: number[]) => SIZE_MIB / (median(samples) / 1000);
    const what = `${SIZE_MIB >= 1024 ? `${SIZE_MIB / 1024} GiB` : `${SIZE_MIB} MiB`} Float32Array`;
    const runs = `median of ${REPEATS}`;
    const target = '≥ 70 % of raw multipart PUT + GET';
    const zenRoundTrip = speed(times.save.map((ms, i) => ms + times.load[i]!));
    const rawRoundTrip = speed(times.rawPut.map((ms, i) => ms + times.rawGet[i]!));
    return [
      result({
        scenario: SCENARIO,
        metric: `saveArtifact + loadArtifact (${what}) on radosgw, ${runs}`,
        value: zenRoundTrip,
        unit: 'MiB/s',
        floor: { name: 'raw SDK multipart PUT + GET of the same bytes', value: rawRoundTrip },
        target,
        pass: zenRoundTrip >= 0.7 * rawRoundTrip,
      }),
      result({ scenario: SCENARIO, metric: `saveArtifact (${what})`, value: speed(times.save), unit: 'MiB/s', floor: { name: 'raw SDK multipart PUT (lib-storage Upload)', value: speed(times.rawPut) } }),
      result({ scenario: SCENARIO, metric: `loadArtifact (${what})`, value: speed(times.load), unit: 'MiB/s', floor: { name: 'raw SDK GET into one buffer', value: speed(times.rawGet) } }),
      result({
        scenario: SCENARIO,
        metric: 'peak RSS of the process (source array, one loaded copy, transfers)',
        value: peakRssMiB(),
        unit: 'MiB',
        floor: { name: 'the source array plus one loaded copy', value: 2 * SIZE_MIB },
        note:
          `Parts are ${PART_SIZE / MiB} MiB, ${QUEUE_SIZE} in flight, on both sides. saveArtifact also commits: a server-side copy of the temporary folder to its final key (radosgw copies without moving the bytes) and a delete. ` +
          'radosgw runs on loopback with an in-memory object store on the same 2-core machine, so these are CPU-bound figures, not network ones, and they swing with the machine\'s load (see the load average above): compare the ratio, not the MiB/s.',
      }),
    ];
  } finally {
    sandbox.dispose();
    await server.stop();
  }
}
