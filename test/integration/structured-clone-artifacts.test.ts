// Values that the structured clone algorithm carries round-trip as artifacts, through the
// real local store: nested Dates, Maps, Sets, bigints, TypedArrays and RegExps.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadArtifact, pipeline, saveArtifact, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-structured-');

describe('structured-clone artifacts', () => {
  test('objects and arrays nesting built-ins round-trip through saveArtifact / loadArtifact', async () => {
    const weights = { w: new Float64Array([0.5, -1.25, 3]) };
    const mixed = [{ d: new Set([1]) }, new Map<string, bigint[]>([['k', [1n]]])];
    const deep = {
      at: new Date('2024-05-06T07:08:09.010Z'),
      pattern: /ab+c/gi,
      counts: new Map<number, Set<string>>([[1, new Set(['a', 'b'])]]),
      big: 2n ** 70n,
      bytes: new Uint8Array([1, 2, 3]),
      nested: { list: [new Int16Array([-1, 2]), { when: new Date(0) }] },
    };
    for (const [name, value] of [['weights', weights], ['mixed', mixed], ['deep', deep]] as const) {
      const version = await saveArtifact(value, name);
      assert.equal(version.materializer, 'zenml.structured_clone', name);
      const loaded = await loadArtifact(name);
      assert.deepEqual(loaded, value, name);
    }
    const loaded = await loadArtifact<typeof weights>('weights');
    assert.ok(loaded.w instanceof Float64Array);
    assert.equal(loaded.w.buffer.byteLength, 3 * 8, 'the array owns just its bytes');
    const again = await loadArtifact<typeof deep>('deep');
    assert.ok(again.counts.get(1) instanceof Set);
    assert.equal(again.pattern.flags, 'gi');
  });

  test('cycles survive', async () => {
    const node: { name: string; self?: unknown; tags: Set<unknown> } = { name: 'n', tags: new Set() };
    node.self = node;
    node.tags.add(node);
    await saveArtifact(node, 'cyclic');
    const loaded = await loadArtifact<typeof node>('cyclic');
    assert.equal(loaded.self, loaded);
    assert.ok(loaded.tags.has(loaded));
  });

  test('plain JSON keeps the JSON materializer', async () => {
    assert.equal((await saveArtifact({ a: [1, 2] }, 'plain')).materializer, 'zenml.json');
  });

  test('a class instance nested inside is refused, naming the class and where it is', async () => {
    class Model {
      weights = [1];
    }
    await assert.rejects(saveArtifact({ models: [new Model()] }, 'classy'), /type Object: it holds an instance of class Model at \.models\[0\]/);
    await assert.rejects(saveArtifact(new Map([['m', new Model()]]), 'classy_map'), /instance of class Model at \.get\("m"\)/);
    await assert.rejects(loadArtifact('classy'), /No artifact named/);
    assert.deepEqual(await box.tempLeftovers(), []);
  });

  test('a step output nesting built-ins is stored and loaded back by the next step', async () => {
    type State = { w: Float64Array; seen: [{ d: Set<number> }, Map<string, bigint[]>] };
    const produce = step({ name: 'produce' }, (): State => ({ w: new Float64Array(3), seen: [{ d: new Set([1]) }, new Map([['k', [1n]]])] }));
    const consume = step({ name: 'consume' }, ({ state }: { state: State }) => ({
      length: state.w.length,
      isFloat: state.w instanceof Float64Array,
      hasOne: state.seen[0].d.has(1),
      big: state.seen[1].get('k')![0] === 1n,
    }));
    const run = await pipeline({ name: 'structured' }, () => {
      consume({ state: produce() });
    })();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.steps.produce.outputs.output.materializer, 'zenml.structured_clone');
    assert.deepEqual(await run.steps.consume.outputs.output.load(), { length: 3, isFloat: true, hasOne: true, big: true });
    const output = (await run.steps.produce.outputs.output.load()) as { w: Float64Array };
    assert.deepEqual(output.w, new Float64Array(3));
  });
});
