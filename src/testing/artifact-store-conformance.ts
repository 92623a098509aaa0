import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { ArtifactStore } from '../core/artifact-store.js';
import type { Pipeline } from '../sdk/pipeline.js';
import { getZenContext } from '../context/zen-context.js';
import { validateComponentConfig } from '../stack/component-config.js';
import { loadFlavorRegistry } from '../stack/flavor-registry.js';
import { CONFORMANCE_PIPELINES } from './conformance-pipelines.js';
import { conformanceEnvironment, type ConformanceEnvironment } from './environment.js';
import type { ConformanceOptions } from './orchestrator-conformance.js';
import { registerConformanceStack } from './stack-setup.js';

/**
 * A refusal the user can act on: a ZenError (or subclass) whose one-line message matches, not
 * whatever a bug happened to throw (a TypeError would otherwise pass as a refusal).
 */
function oneLineError(pattern: RegExp): (error: Error) => boolean {
  return (error) => {
    assert.ok(error instanceof Error && !(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError), `a bug, not a refusal: ${error}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), `not one line: ${error.message}`);
    return true;
  };
}

/**
 * The file-system contract every artifact store flavor must keep (paths confined to the
 * root, atomic commit, streams, sizes), plus a real pipeline run that writes and reads
 * artifacts through it. `artifactStoreConformance({ flavor: 's3', config: { bucket } })`.
 */
export function artifactStoreConformance(options: ConformanceOptions): void {
  describe(`artifact store conformance: ${options.flavor}`, () => {
    let env: ConformanceEnvironment;
    let store: ArtifactStore;
    const base = `conformance-${randomUUID()}`;
    const at = (path: string) => `${base}/${path}`;

    before(async () => {
      env = conformanceEnvironment();
      const context = await getZenContext();
      const flavor = (await loadFlavorRegistry()).get('artifact_store', options.flavor);
      const config = await validateComponentConfig(flavor, options.config ?? {});
      store = (await (await flavor.load()).create({ id: randomUUID(), name: 'conformance', config, configDir: context.configDir })) as ArtifactStore;
    });
    after(async () => {
      await store?.remove(base).catch(() => undefined);
      const { closeZenContexts } = await import('../context/zen-context.js');
      await closeZenContexts();
      env.restore();
    });

    test('writes, reads and checks files', async () => {
      assert.equal(await store.exists(at('a/b.txt')), false);
      await store.writeFile(at('a/b.txt'), 'hello');
      assert.equal(await store.exists(at('a/b.txt')), true);
      assert.equal((await store.readFile(at('a/b.txt'))).toString(), 'hello');
      await store.writeFile(at('a/bytes.bin'), new Uint8Array([0, 1, 2, 255]));
      assert.deepEqual([...(await store.readFile(at('a/bytes.bin')))], [0, 1, 2, 255]);
    });

    test('reads back files of every size whole, and sizes them', async () => {
      // Stores switch ways of reading and writing by size (local: synchronous calls for small files).
      for (const bytes of [0, 64 * 1024 + 1, 300 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024]) {
        const data = Buffer.alloc(bytes);
        for (let i = 0; i < bytes; i += 4096) data[i] = (i / 4096) % 251;
        await store.writeFile(at(`sizes/${bytes}.bin`), data);
        assert.ok((await store.readFile(at(`sizes/${bytes}.bin`))).equals(data), `${bytes} bytes read back`);
        assert.equal(await store.size(at(`sizes/${bytes}.bin`)), bytes);
      }
      await assert.rejects(store.size(at('sizes/missing.bin')));
    });

    test('lists folders and sizes files and folders', async () => {
      await store.writeFile(at('list/one.txt'), '1');
      await store.writeFile(at('list/two.txt'), '22');
      await store.mkdir(at('list/sub'));
      assert.deepEqual((await store.list(at('list'))).sort(), ['one.txt', 'sub', 'two.txt']);
      assert.deepEqual(await store.list(at('missing')), []);
      assert.equal(await store.size(at('list/two.txt')), 2);
      assert.equal(await store.size(at('list')), 3);
    });

    test('streams in and out', async () => {
      const chunks = Array.from({ length: 64 }, (_, i) => Buffer.alloc(1024, i));
      await pipe(Readable.from(chunks), await store.createWriteStream(at('stream/data.bin')));
      const received: Buffer[] = [];
      await pipe(await store.createReadStream(at('stream/data.bin')), new Writable({ write: (chunk, _enc, done) => (received.push(chunk), done()) }));
      assert.deepEqual(Buffer.concat(received), Buffer.concat(chunks));
    });

    test('commits a folder in one step and refuses to overwrite', async () => {
      await store.writeFile(at('tmp/x/file.txt'), 'payload');
      await store.commit(at('tmp/x'), at('final/x'));
      assert.equal((await store.readFile(at('final/x/file.txt'))).toString(), 'payload');
      assert.equal(await store.exists(at('tmp/x/file.txt')), false);
      await store.writeFile(at('tmp/y/file.txt'), 'other');
      await assert.rejects(store.commit(at('tmp/y'), at('final/x')), oneLineError(/already exists/));
      assert.equal((await store.readFile(at('final/x/file.txt'))).toString(), 'payload');
    });

    test('removes files and folders recursively', async () => {
      await store.writeFile(at('gone/a/b.txt'), 'x');
      await store.remove(at('gone'));
      assert.equal(await store.exists(at('gone/a/b.txt')), false);
      await store.remove(at('never-existed'));
    });

    test('maps paths to URIs and back, and refuses paths outside the root', async () => {
      const uri = store.uri(at('u/v.txt'));
      assert.equal(store.pathOf(uri)?.replace(/\\/g, '/'), at('u/v.txt'));
      assert.throws(() => store.uri('../outside.txt'), oneLineError(/outside the artifact store/));
      await assert.rejects(async () => store.writeFile('../../outside.txt', 'x'), oneLineError(/outside the artifact store/));
    });

    test('runs a pipeline whose artifacts live in this store', async () => {
      const stack = await registerConformanceStack({ artifactStore: { flavor: options.flavor, config: options.config } });
      const file = env.write('pipelines.mjs', CONFORMANCE_PIPELINES);
      const { outputs } = (await import(pathToFileURL(file).href)) as { outputs: Pipeline<any> };
      const result = await outputs.withOptions({ stack, enableCache: false })({ ratio: 0.5 });
      assert.equal(result.status, 'completed', result.error);
      const train = result.steps.split.outputs.train;
      assert.deepEqual(await train.load(), [1, 2]);
      const context = await getZenContext();
      const stackModel = await context.store.getStack(stack);
      assert.equal((await context.store.getArtifactVersion(train.id)).artifactStoreId, stackModel.components.artifact_store);
    });
  });
}
