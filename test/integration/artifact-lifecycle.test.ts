// Artifact lifecycle: registerArtifact (no copy), `artifact prune` (dry run, -y, --only-*), `artifact version delete`.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Client, pipeline, registerArtifact, saveArtifact, step } from '../../src/index.js';
import { runCli } from '../helpers/sandbox.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-lifecycle-');

describe('artifact lifecycle', () => {
  test('registerArtifact records existing data without copying; load() gives its path', async () => {
    const folder = join(box.sandbox.dir, 'dataset');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.csv'), 'x\n1\n');
    const version = await registerArtifact(folder, 'raw_dataset');
    assert.equal(version.uri, folder);
    assert.equal(version.size, 4);
    assert.equal(await version.load(), folder);
    assert.equal(await new Client().getArtifactVersion('raw_dataset').then((v) => v.load()), folder);
    await assert.rejects(registerArtifact(join(folder, 'nope'), 'raw_dataset'), /no such file or folder/);
  });

  test('prune: dry run by default, -y deletes unused versions; used, tagged and registered data stay', async () => {
    const produce = step({ name: 'produce' }, () => [1, 2, 3]);
    const run = await pipeline({ name: 'lifecycle' }, () => {
      produce();
    })();
    const output = run.steps.produce.outputs.output;
    const scratch = await saveArtifact({ big: 'x'.repeat(1000) }, 'scratch');
    const kept = await saveArtifact(1, 'kept', { tags: ['keep'] });
    const client = new Client();

    // The dry run (the CLI's default) lists them, with bytes, and deletes nothing.
    const dry = await runCli(['artifact', 'prune', '--json'], { sandbox: box.sandbox });
    assert.equal(dry.code, 0, dry.stderr);
    const report = dry.json() as { dryRun: boolean; versions: Array<{ id: string; ownsFiles: boolean; bytes?: number }>; bytes: number };
    assert.equal(report.dryRun, true);
    const listed = new Map(report.versions.map((v) => [v.id, v]));
    assert.ok(listed.get(scratch.id)?.ownsFiles);
    assert.ok((listed.get(scratch.id)?.bytes ?? 0) > 1000);
    assert.equal([...listed.values()].find((v) => !v.ownsFiles) !== undefined, true, 'the registered folder is listed, its files kept');
    assert.ok(!listed.has(output.id), 'a run output is used');
    assert.ok(!listed.has(kept.id), 'a tagged version is kept');
    assert.ok(existsSync(scratch.uri));

    // A version a run still uses cannot be deleted on its own.
    const refused = await runCli(['artifact', 'version', 'delete', output.id, '-y'], { sandbox: box.sandbox });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /still used by 1 run\(s\)/);

    const done = await runCli(['artifact', 'prune', '-y'], { sandbox: box.sandbox });
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /Deleted \d+ version\(s\)/);
    assert.ok(!existsSync(scratch.uri), 'owned files are deleted');
    assert.ok(existsSync(join(box.sandbox.dir, 'dataset', 'a.csv')), 'registered data is never deleted');
    await assert.rejects(client.getArtifact('scratch'), /scratch/);
    assert.equal((await client.getArtifactVersion(kept.id)).id, kept.id);

    // Once its run is deleted, a run output is unused: --only-metadata drops the record, keeps the files.
    await client.deletePipelineRun(run.id);
    const metaOnly = await client.pruneArtifacts({ onlyMetadata: true });
    assert.deepEqual(metaOnly.versions.map((v) => v.id), [output.id]);
    assert.ok(existsSync(output.uri));
    await assert.rejects(client.getArtifactVersion(output.id));
  });

  test('--only-artifact deletes files, keeps records; version delete removes an unused version and its files', async () => {
    const a = await saveArtifact('a', 'only_files');
    const report = await new Client().pruneArtifacts({ onlyArtifact: true });
    assert.ok(report.versions.some((v) => v.id === a.id));
    assert.ok(!existsSync(a.uri));
    assert.equal((await new Client().getArtifactVersion(a.id)).id, a.id);

    const b = await saveArtifact('b', 'single');
    const deleted = await runCli(['artifact', 'version', 'delete', 'single', '1', '-y'], { sandbox: box.sandbox });
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.ok(!existsSync(b.uri));
    await assert.rejects(new Client().getArtifactVersion(b.id));
    const both = await runCli(['artifact', 'prune', '--only-artifact', '--only-metadata'], { sandbox: box.sandbox });
    assert.equal(both.code, 2);
  });
});
