// A real S3 server (Ceph radosgw, scripts/services/s3-radosgw.sh) for one test file: started
// once in a temp dir on 127.0.0.1, one bucket created, stopped by its daemons' pid files.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { REPO_ROOT } from './sandbox.js';

const SCRIPT = join(REPO_ROOT, 'scripts', 'services', 's3-radosgw.sh');

export interface S3Server {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A bucket created for this file. */
  bucket: string;
  /** The Ceph config of the cluster, for radosgw-admin. */
  cephConf: string;
  /** An SDK client on the server (path-style), for checks behind the store's back. */
  client: S3Client;
  /** The s3 flavor's config for a store under `s3://<bucket>/<prefix>`. */
  storeConfig(prefix: string): Record<string, unknown>;
  stop(): Promise<void>;
}

/** Why radosgw cannot run here, or undefined when it can (for serviceGate). */
export function s3ServerProblem(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v radosgw && command -v ceph-mon && command -v ceph-osd'], { encoding: 'utf8' });
  return found.status === 0 ? undefined : 'radosgw, ceph-mon or ceph-osd is not installed (apt-get install -y --no-install-recommends radosgw ceph-mon ceph-osd ceph-common uuid-runtime)';
}

export async function startS3Server(bucket = 'zenml-test'): Promise<S3Server> {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-s3-'));
  const stop = async () => {
    await promisify(execFile)('bash', [SCRIPT, 'stop', dir], { timeout: 60_000 }).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await promisify(execFile)('bash', [SCRIPT, 'start', dir], { timeout: 120_000 });
    const env = Object.fromEntries(
      readFileSync(join(dir, 's3.env'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const credentials = { accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY! };
    const client = new S3Client({
      endpoint: env.S3_ENDPOINT,
      region: 'us-east-1',
      forcePathStyle: true,
      // A copy: the SDK marks the object it is given (a `$source` field).
      credentials: { ...credentials },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    return {
      endpoint: env.S3_ENDPOINT!,
      cephConf: env.CEPH_CONF!,
      ...credentials,
      bucket,
      client,
      storeConfig: (prefix) => ({ path: `s3://${bucket}/${prefix}`, endpointUrl: env.S3_ENDPOINT, forcePathStyle: true, ...credentials }),
      stop: async () => {
        client.destroy();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
