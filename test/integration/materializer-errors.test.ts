// Custom materializers at the edges: an artifact loaded in a process that never registered its
// materializer, and an explicit output materializer that refuses the value or is unknown.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BaseMaterializer, Client, loadArtifact, pipeline, registerMaterializer, step, type ArtifactFiles } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-materializer-errors-');

interface Point {
  x: number;
  y: number;
}

class PointMaterializer extends BaseMaterializer<Point> {
  readonly id = 'test.point';
  canHandle = (value: unknown) => typeof value === 'object' && value !== null && 'x' in value;
  async save(value: Point, files: ArtifactFiles) {
    await files.writeFile('point.txt', `${value.x},${value.y}`);
  }
  async load(files: ArtifactFiles): Promise<Point> {
    const [x, y] = (await files.readFile('point.txt')).toString().split(',').map(Number);
    return { x, y };
  }
}

/** Stores numbers only: anything else is refused by canHandle, before a byte is written. */
class NumbersOnly extends BaseMaterializer<number> {
  readonly id = 'test.numbers_only';
  canHandle = (value: unknown) => typeof value === 'number';
  async save(value: number, files: ArtifactFiles) {
    await files.writeFile('n.txt', String(value));
  }
  async load(files: ArtifactFiles): Promise<number> {
    return Number((await files.readFile('n.txt')).toString());
  }
}

const oneLine = (pattern: RegExp) => (error: Error) => {
  assert.match(error.message, pattern);
  assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
  return true;
};

/** No folder of the artifact was committed (a refused value leaves nothing behind). */
async function noFolderOf(artifactName: string): Promise<void> {
  const folder = join(await box.artifactRoot(), artifactName.replaceAll('::', '__'));
  assert.ok(!existsSync(folder) || readdirSync(folder).length === 0, `${folder} holds files`);
  assert.deepEqual(await box.tempLeftovers(), []);
}

describe('custom materializers that are missing or refuse', () => {
  test('loading an artifact whose materializer is not registered here names it and says how to register it', async () => {
    const make = step({ name: 'make', enableCache: false, outputMaterializers: new PointMaterializer(), artifacts: { output: { name: 'point' } } }, () => ({ x: 1, y: 2 }));
    const sum = step({ name: 'sum', enableCache: false }, ({ p }: { p: Point }) => p.x + p.y);
    const run = await pipeline({ name: 'points' }, () => {
      sum({ p: make() });
    })();
    assert.equal(run.status, 'completed', run.error);
    // Within the run the step's own materializer reads it back.
    assert.equal(await run.steps.sum.outputs.output.load(), 3);

    const expected = /^Artifact 'point' version 1 was stored by materializer 'test\.point', which is not registered in this process\. Import the module that calls registerMaterializer\(\) with 'test\.point' before loading it\.$/;
    await assert.rejects(loadArtifact('point'), oneLine(expected));
    await assert.rejects((await new Client().getArtifactVersion('point')).load(), oneLine(expected));

    registerMaterializer(new PointMaterializer());
    assert.deepEqual(await loadArtifact('point'), { x: 1, y: 2 });
  });

  test('an explicit output materializer that refuses the value fails the step, naming step, output, materializer and type', async () => {
    const words = step({ name: 'words', outputMaterializers: new NumbersOnly() }, () => 'not a number');
    const run = await pipeline({ name: 'refused' }, () => {
      words();
    })();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /Step 'words' output 'output': Materializer 'test\.numbers_only' cannot store a value of type string \(artifact 'refused::words::output'\)\. Choose another materializer/);
    assert.ok(!(run.error ?? '').includes('\n'));
    assert.equal(run.steps.words.status, 'failed');
    await assert.rejects(new Client().getArtifactVersion('refused::words::output'), (error: Error) => error.name === 'NotFoundError');
    await noFolderOf('refused::words::output');
  });

  test('an explicit output materializer id that is registered nowhere fails the step with one line', async () => {
    const value = step({ name: 'value', outputMaterializers: 'test.nowhere' }, () => 1);
    const run = await pipeline({ name: 'unknown_materializer' }, () => {
      value();
    })();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /Step 'value' output 'output': the materializer 'test\.nowhere' is not registered in this process\. Call registerMaterializer\(\)/);
    assert.ok(!(run.error ?? '').includes('\n'));
    await assert.rejects(new Client().getArtifactVersion('unknown_materializer::value::output'), (error: Error) => error.name === 'NotFoundError');
    await noFolderOf('unknown_materializer::value::output');
  });
});
