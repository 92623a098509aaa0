// ZenML's SDK names and shapes (issue 10): custom artifact versions, the step context,
// logMetadata targets and snake_case run configs, through the public SDK.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Client, loadArtifact, pipeline, saveArtifact, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-sdk-parity-');

describe('custom artifact version names', () => {
  test('saveArtifact takes a version name; numbers stay 1, 2, 3; load and get by either', async () => {
    const v1 = await saveArtifact({ lr: 0.1 }, 'params');
    const alpha = await saveArtifact({ lr: 0.2 }, 'params', { version: 'v-alpha' });
    const v2 = await saveArtifact({ lr: 0.3 }, 'params');
    assert.deepEqual([v1.version, alpha.version, v2.version], [1, 'v-alpha', 2]);
    assert.deepEqual(await loadArtifact('params', 'v-alpha'), { lr: 0.2 });
    assert.deepEqual(await loadArtifact('params', 2), { lr: 0.3 });
    assert.deepEqual(await loadArtifact('params'), { lr: 0.3 });
    const client = new Client();
    assert.equal((await client.getArtifactVersion('params', 'v-alpha')).id, alpha.id);
    assert.equal((await client.getArtifactVersion('params', 1)).id, v1.id);
    const listed = await client.listArtifactVersions({ name: 'params' });
    assert.deepEqual(listed.items.map((v) => v.version), [2, 'v-alpha', 1]);
  });

  test('a taken or all-digit version name is a one-line error, and leaves no files behind', async () => {
    await saveArtifact(1, 'taken', { version: 'gold' });
    const before = readdirSync(join(await box.artifactRoot(), 'taken')).length;
    await assert.rejects(saveArtifact(2, 'taken', { version: 'gold' }), (error: Error) => {
      assert.equal(error.name, 'AlreadyExistsError');
      assert.match(error.message, /^Artifact 'taken' already has a version 'gold'\. /);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    await assert.rejects(saveArtifact(3, 'taken', { version: '7' }), /custom version '7' is all digits.*'v7'/);
    assert.equal(readdirSync(join(await box.artifactRoot(), 'taken')).length, before, 'the refused saves left no folders');
    assert.deepEqual(await box.tempLeftovers(), []);
    assert.equal((await saveArtifact(4, 'taken')).version, 1, 'the numbered versions are not affected');
  });

  test('a step output version set in the artifacts config; a second uncached run refuses the taken name', async () => {
    const train = step({ name: 'train', artifacts: { output: { name: 'weights', version: 'v-first' } } }, () => [1, 2, 3]);
    const p = pipeline({ name: 'versioned' }, () => {
      train();
    });
    const run = await p();
    assert.equal(run.status, 'completed');
    const version = await new Client().getArtifactVersion('weights', 'v-first');
    assert.deepEqual(await version.load(), [1, 2, 3]);
    // Cached: the output (with its name) is reused.
    assert.equal((await p()).steps.train.status, 'cached');
    const again = await p.withOptions({ enableCache: false })();
    assert.equal(again.status, 'failed');
    assert.match(again.steps.train.error ?? '', /artifact 'weights' already has a version 'v-first'/);
    assert.equal((await new Client().listArtifactVersions({ name: 'weights' })).total, 1);
    assert.ok(existsSync(version.uri));
  });

  test('an all-digit version in a step config fails when the pipeline compiles', async () => {
    const bad = step({ name: 'bad', artifacts: { output: { version: '12' } } }, () => 1);
    const p = pipeline({ name: 'digits' }, () => {
      bad();
    });
    await assert.rejects(p(), /custom version '12' is all digits/);
  });
});
