// saveArtifact / loadArtifact and the Client's artifact views, on the default local stack.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { BaseMaterializer, Client, loadArtifact, pipeline, registerMaterializer, saveArtifact, step, type ArtifactFiles } from '../../src/index.js';
import { getZenContext } from '../../src/context/zen-context.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-artifacts-');

describe('saveArtifact / loadArtifact', () => {
  test('each save is a new version; load gets the latest or the one asked for', async () => {
    const v1 = await saveArtifact({ lr: 0.1 }, 'hyper');
    const v2 = await saveArtifact({ lr: 0.2 }, 'hyper');
    const v3 = await saveArtifact({ lr: 0.3 }, 'hyper');
    assert.deepEqual([v1.version, v2.version, v3.version], [1, 2, 3]);
    assert.deepEqual(await loadArtifact('hyper'), { lr: 0.3 });
    assert.deepEqual(await loadArtifact('hyper', 1), { lr: 0.1 });
    assert.deepEqual(await v2.load(), { lr: 0.2 });
    assert.equal(v1.name, 'hyper');
    assert.equal(v1.materializer, 'zenml.json');
    assert.ok(existsSync(v1.uri), 'the version folder exists on disk');
    assert.equal(v1.producerStepRunId, undefined);
  });

  test('values keep their types through the recorded materializer', async () => {
    const cases: Array<[string, unknown]> = [
      ['a_number', 42.5],
      ['a_string', 'héllo'],
      ['a_bool', false],
      ['a_null', null],
      ['a_bigint', 12345678901234567890n],
      ['a_date', new Date('2024-01-02T03:04:05.678Z')],
      ['a_map', new Map<string, number>([['a', 1]])],
      ['a_set', new Set([1, 2])],
      ['a_buffer', Buffer.from('bytes')],
      ['a_float32', new Float32Array([1.5, -2, 3.25])],
    ];
    for (const [name, value] of cases) {
      await saveArtifact(value, name);
      assert.deepEqual(await loadArtifact(name), value, name);
    }
    const floats = await loadArtifact<Float32Array>('a_float32');
    assert.ok(floats instanceof Float32Array);
  });

  test('tags and metadata given to saveArtifact are stored with the version', async () => {
    const version = await saveArtifact([1, 2, 3], 'labelled', { tags: ['raw'], metadata: { source: 'unit' } });
    const again = await new Client().getArtifactVersion('labelled');
    assert.deepEqual(again.tags, ['raw']);
    const metadata = await (await getZenContext()).store.getMetadata('artifact_version', version.id);
    assert.equal(metadata.source.value, 'unit');
    assert.equal(metadata.length.value, 3, 'the materializer metadata is kept too');
  });

  test('a missing name or version is a one-line NotFound error; nothing is created', async () => {
    const oneLine = (pattern: RegExp) => (error: Error) => {
      assert.equal(error.name, 'NotFoundError');
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes('\n'));
      return true;
    };
    await assert.rejects(loadArtifact('never_saved'), oneLine(/No artifact named 'never_saved'/));
    await assert.rejects(loadArtifact('hyper', 99), oneLine(/Artifact 'hyper' has no version 99/));
    await assert.rejects(new Client().getArtifact('never_saved'), oneLine(/never_saved/));
    assert.equal((await new Client().listArtifacts({ name: 'never_saved' })).total, 0);
  });

  test('an empty name is refused', async () => {
    await assert.rejects(saveArtifact(1, ''), /needs an artifact name/);
  });

  test('a value no materializer takes is refused, naming its type, with nothing stored', async () => {
    class Opaque {
      secret = 1;
    }
    await assert.rejects(saveArtifact(new Opaque(), 'opaque'), /No materializer can store a value of type Opaque/);
    await assert.rejects(loadArtifact('opaque'), /No artifact named/);
    assert.deepEqual(await box.tempLeftovers(), []);
  });

  test('a registered materializer handles its type, and loading needs no TS type', async () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    class PointMaterializer extends BaseMaterializer<Point> {
      readonly id = 'test.point';
      canHandle = (value: unknown) => value instanceof Point;
      async save(value: Point, files: ArtifactFiles) {
        await files.writeFile('point.txt', `${value.x},${value.y}`);
      }
      async load(files: ArtifactFiles) {
        const [x, y] = (await files.readFile('point.txt')).toString().split(',').map(Number);
        return new Point(x, y);
      }
    }
    registerMaterializer(new PointMaterializer());
    const version = await saveArtifact(new Point(3, 4), 'a_point');
    assert.equal(version.materializer, 'test.point');
    const loaded = await loadArtifact('a_point');
    assert.ok(loaded instanceof Point);
    assert.deepEqual([loaded.x, loaded.y], [3, 4]);
  });
});

describe('artifacts and steps', () => {
  test('saveArtifact inside a step is recorded on the step run; loadArtifact inside a step works', async () => {
    await saveArtifact([5, 6], 'step_input_data');
    const work = step({ name: 'work' }, async () => {
      const data = await loadArtifact<number[]>('step_input_data');
      await saveArtifact(data.map((x) => x * 2), 'side_output');
      return data.length;
    });
    const run = await pipeline({ name: 'side_effects' }, () => {
      work();
    })();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(await run.steps.work.outputs.output.load(), 2);
    assert.deepEqual(await loadArtifact('side_output'), [10, 12]);
    const metadata = await (await getZenContext()).store.getMetadata('step_run', run.steps.work.id);
    assert.equal(metadata['saved_artifact:side_output'].value, 1);
  });

  test('the Client lists artifacts and versions and loads them', async () => {
    const client = new Client();
    const artifacts = await client.listArtifacts({ size: 100 });
    const hyper = artifacts.items.find((a) => a.name === 'hyper');
    assert.ok(hyper);
    assert.equal(hyper.latestVersion, 3);
    assert.equal(hyper.versionCount, 3);
    const versions = await client.listArtifactVersions({ name: 'hyper' });
    assert.deepEqual(versions.items.map((v) => v.version), [3, 2, 1]);
    assert.deepEqual(await versions.items[2].load(), { lr: 0.1 });
    const byId = await client.getArtifactVersion(versions.items[1].id);
    assert.equal(byId.version, 2);
    // The SDK object serialises to its record (for --json), without internals.
    const json = JSON.parse(JSON.stringify(byId));
    assert.equal(json.name, 'hyper');
    assert.equal(json.context, undefined);
  });

  test('no temp folders are left behind', async () => {
    const root = await box.artifactRoot();
    assert.ok(readdirSync(root).length > 0);
    assert.deepEqual(await box.tempLeftovers(), []);
  });
});
