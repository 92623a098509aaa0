// The README's "From your laptop to a cluster" guide, run line by line as printed, against the
// real services it starts (redis-server, a one-node Ceph with radosgw): `npx zenml` is this
// repo's bin/run.js, port 6379 a free one, /tmp/zenml-* paths in this test's own folder, the
// `<S3_...>` placeholders what the S3 script printed, and a line ending in `&` a background
// process of this test. Then: the quickstart's steps ran as BullMQ jobs (the only worker took
// them) with their artifacts in the bucket, and after `stack set default` in process again.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, sh as runGuideLine } from '../helpers/guide-shell.js';
import { codeBlocks, markdownSection } from '../helpers/readme-section.js';
import { redisProblem } from '../helpers/redis.js';
import { s3ServerProblem } from '../helpers/s3.js';
import { CLI, createSandbox, REPO_ROOT } from '../helpers/sandbox.js';
import { serviceGate } from '../helpers/service-gate.js';

const gate = serviceGate('Redis and radosgw', redisProblem() ?? s3ServerProblem());

const GUIDE_LINE_TIMEOUT_MS = 240_000;
const sh = (line: string, env: NodeJS.ProcessEnv) => runGuideLine(line, env, GUIDE_LINE_TIMEOUT_MS);

/** A background line (`... &`): started, and resolved once it says it takes steps. */
function background(line: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `exec ${line}`], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
      if (/takes steps from queue/.test(stderr)) resolve(child);
    });
    child.on('exit', (code, signal) => reject(new Error(`${line} exited (${signal ?? code}): ${stderr}`)));
  });
}

/** Every key under `prefix` in the guide's bucket, listed behind zenml's back. */
async function bucketKeys(s3: Record<string, string>, prefix: string): Promise<string[]> {
  const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint: s3.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: s3.S3_ACCESS_KEY_ID, secretAccessKey: s3.S3_SECRET_ACCESS_KEY } });
  try {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'zenml', Prefix: prefix, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.NextContinuationToken;
    } while (token);
    return keys;
  } finally {
    client.destroy();
  }
}

describe('the "From your laptop to a cluster" guide', { skip: gate.skip }, () => {
  const sandbox = createSandbox('zenml-readme-cluster-');
  const workers: ChildProcess[] = [];
  const paths = { redisPid: join(sandbox.dir, 'redis.pid'), s3: join(sandbox.dir, 's3') };

  after(async () => {
    for (const worker of workers) {
      if (worker.exitCode !== null || worker.signalCode !== null) continue;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await exited;
    }
    // The services the guide started, each by its own pid file in this test's folder.
    if (existsSync(paths.redisPid)) {
      try {
        process.kill(Number(readFileSync(paths.redisPid, 'utf8').trim()), 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    await sh(`bash scripts/services/s3-radosgw.sh stop ${paths.s3}`, sandbox.env);
    sandbox.cleanup();
  });

  test('runs as printed: the quickstart runs on the worker with its artifacts in S3, then locally again', { timeout: 600_000 }, async () => {
    const section = markdownSection(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), '### From your laptop to a cluster');
    assert.ok(section, 'README.md has a "From your laptop to a cluster" guide');
    const [block] = codeBlocks(section).filter((b) => b.lang === 'sh');
    const redisPort = String(await freePort());
    const env: NodeJS.ProcessEnv = { ...sandbox.env };
    const zenml = `"${process.execPath}" "${CLI}"`;
    let s3: Record<string, string> = {};
    const runs: string[] = [];
    for (const printed of block.code.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'))) {
      let line = printed
        .replace(/\s+#\s[^']*$/, '')
        .replaceAll('npx zenml', zenml)
        .replaceAll('6379', redisPort)
        .replaceAll('/tmp/zenml-redis.pid', paths.redisPid)
        .replaceAll('/tmp/zenml-s3', paths.s3);
      for (const [name, value] of Object.entries(s3)) line = line.replaceAll(`<${name}>`, value);
      if (line.endsWith('&')) {
        workers.push(await background(line.slice(0, -1).trim(), env));
        continue;
      }
      const result = await sh(line, env);
      assert.equal(result.code, 0, `${printed}\n${result.stderr}`);
      if (printed.includes('s3-radosgw.sh start')) {
        s3 = Object.fromEntries(result.stdout.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
        assert.ok(s3.S3_ENDPOINT && s3.S3_ACCESS_KEY_ID && s3.S3_SECRET_ACCESS_KEY, result.stdout);
      }
      if (printed.includes('pipeline run ')) {
        const listed = JSON.parse((await sh(`${zenml} pipeline runs list --json`, env)).stdout) as { items: Array<{ id: string; status: string; created: string }> };
        const newest = [...listed.items].sort((a, b) => b.created.localeCompare(a.created))[0];
        assert.equal(newest.status, 'completed');
        runs.push(newest.id);
      }
    }
    assert.equal(runs.length, 2, 'the guide runs the quickstart twice');
    assert.equal(workers.length, 1, 'the guide starts a worker');

    const [onCluster, atHome] = runs;
    const describe = async (id: string) => JSON.parse((await sh(`${zenml} pipeline runs describe ${id} --json`, env)).stdout) as { stack?: string; steps: Array<{ invocationId: string; status: string }> };
    const versions = JSON.parse((await sh(`${zenml} artifact version list --size 100 --json`, env)).stdout) as { items: Array<{ uri: string; producerRunId?: string }> };
    const uris = (run: string) => versions.items.filter((version) => version.producerRunId === run).map((version) => version.uri);
    // Steps ran by the one worker as BullMQ jobs of the queue `zenml`; nothing of the home run did.
    const completedJobs = (await sh(`redis-cli -p ${redisPort} zrange bull:zenml:completed 0 -1`, env)).stdout.split('\n').filter(Boolean);

    const remote = await describe(onCluster);
    assert.ok(remote.steps.length >= 5);
    for (const step of remote.steps) {
      if (step.status === 'cached') continue;
      assert.ok(completedJobs.includes(`${onCluster}.${encodeURIComponent(step.invocationId)}`), `step ${step.invocationId} ran on the worker (jobs: ${completedJobs.join(', ')})`);
    }
    assert.ok(uris(onCluster).length > 0);
    for (const uri of uris(onCluster)) assert.match(uri, /^s3:\/\/zenml\/artifacts\//);
    const keys = await bucketKeys(s3, 'artifacts/');
    for (const uri of uris(onCluster)) assert.ok(keys.some((key) => key.startsWith(`${uri.slice('s3://zenml/'.length)}/`)), `${uri} is in the bucket`);

    const home = await describe(atHome);
    assert.ok(!completedJobs.some((job) => job.startsWith(`${atHome}.`)), 'the run after `stack set default` queued nothing');
    assert.ok(uris(atHome).length > 0);
    for (const uri of uris(atHome)) assert.doesNotMatch(uri, /^s3:/);
    assert.ok(home.steps.every((step) => step.status === 'completed' || step.status === 'cached'));
  });
});
