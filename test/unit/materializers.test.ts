import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { tableFromArrays, type Table } from 'apache-arrow';
import type { ArtifactFiles } from '../../src/core/artifact-store.js';
import { isPlainJson } from '../../src/materializers/builtins/json.js';
import { materializers, registerMaterializer } from '../../src/materializers/registry.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../src/core/materializer.js';
import { tempArtifactFiles, type TempArtifactFiles } from '../helpers/materializer-files.js';

const folders: TempArtifactFiles[] = [];
after(() => Promise.all(folders.map((folder) => folder.cleanup())));

interface RoundTrip<T> {
  id: string;
  dataType: string;
  loaded: T;
  files: TempArtifactFiles;
  metadata: Record<string, MetadataValue>;
  visualizations: Visualization[];
}

/** Saves through the materializer the registry picks, then loads through the recorded id, as the runner does. */
async function roundTrip<T>(value: T, options: { local?: boolean } = {}): Promise<RoundTrip<T>> {
  const files = await tempArtifactFiles(options);
  folders.push(files);
  const materializer = materializers.forValue(value);
  await materializer.save(value, files);
  const metadata = materializer.extractMetadata?.(value) ?? {};
  const visualizations = (await materializer.saveVisualizations?.(value, files)) ?? [];
  const loaded = (await materializers.byIdOrThrow(materializer.id).load(files)) as T;
  return { id: materializer.id, dataType: materializer.dataType(value), loaded, files, metadata, visualizations };
}

/** Each visualization is a file, or small text kept in the version's record (`value`) and then no file. */
async function assertVisualizationsExist(files: ArtifactFiles, visualizations: Visualization[]): Promise<void> {
  for (const { file, value } of visualizations) {
    if (value === undefined) assert.ok(await files.exists(file), `visualization ${file} was not written`);
    else assert.ok(!(await files.exists(file)), `visualization ${file} is kept in the record and written as a file too`);
  }
}

describe('built-in materializers: ids, data types and round-trips', () => {
  const cases: [label: string, value: unknown, id: string, dataType: string][] = [
    ['null', null, 'zenml.null', 'null'],
    ['true', true, 'zenml.boolean', 'boolean'],
    ['false', false, 'zenml.boolean', 'boolean'],
    ['integer', 42, 'zenml.number', 'number'],
    ['fraction', 0.1 + 0.2, 'zenml.number', 'number'],
    ['tiny', 5e-324, 'zenml.number', 'number'],
    ['NaN', NaN, 'zenml.number', 'number'],
    ['Infinity', Infinity, 'zenml.number', 'number'],
    ['-Infinity', -Infinity, 'zenml.number', 'number'],
    ['-0', -0, 'zenml.number', 'number'],
    ['string', 'héllo\nwörld ✓ 🚀', 'zenml.string', 'string'],
    ['empty string', '', 'zenml.string', 'string'],
    ['string with a lone surrogate', 'a\ud800b', 'zenml.string', 'string'],
    ['bigint', -(2n ** 100n) + 7n, 'zenml.bigint', 'bigint'],
    ['JSON array', [1, 2, 3, 4], 'zenml.json', 'Array'],
    ['JSON object', { a: 1, b: [true, null, 'x'], c: { d: 2.5 } }, 'zenml.json', 'Object'],
    ['Date', new Date('2024-02-29T12:34:56.789Z'), 'zenml.date', 'Date'],
    ['Map', new Map<unknown, unknown>([['z', 1], [2, { a: [1] }], [null, 'n'], [{ k: 1 }, [true]]]), 'zenml.map', 'Map'],
    ['Set', new Set<unknown>(['b', 'a', 3, { x: 1 }, null]), 'zenml.set', 'Set'],
    ['Buffer', Buffer.from('pooled bytes'), 'zenml.bytes', 'Buffer'],
    ['Uint8Array', new Uint8Array([0, 1, 254, 255]), 'zenml.bytes', 'Uint8Array'],
    ['Float32Array', new Float32Array([1.5, -2, NaN, Infinity]), 'zenml.typed_array', 'Float32Array'],
  ];

  for (const [label, value, id, dataType] of cases) {
    test(label, async () => {
      const result = await roundTrip(value);
      assert.equal(result.id, id);
      assert.equal(result.dataType, dataType);
      assert.deepStrictEqual(result.loaded, value);
      if (value !== null && typeof value === 'object') {
        assert.equal(Object.getPrototypeOf(result.loaded), Object.getPrototypeOf(value));
      }
      await assertVisualizationsExist(result.files, result.visualizations);
    });
  }

  test('-0 keeps its sign and NaN stays NaN', async () => {
    assert.ok(Object.is((await roundTrip(-0)).loaded, -0));
    assert.ok(Number.isNaN((await roundTrip(NaN)).loaded));
  });

  test('a null-prototype object is stored as JSON and loads as a plain object', async () => {
    const { id, loaded } = await roundTrip(Object.assign(Object.create(null), { a: 1 }));
    assert.equal(id, 'zenml.json');
    assert.deepStrictEqual(loaded, { a: 1 });
  });

  test('an invalid Date stays invalid', async () => {
    const { loaded, id } = await roundTrip(new Date(NaN));
    assert.equal(id, 'zenml.date');
    assert.ok(loaded instanceof Date);
    assert.ok(Number.isNaN(loaded.getTime()));
  });

  test('Map and Set keep insertion order', async () => {
    const map = new Map([['c', 1], ['a', 2], ['b', 3]]);
    assert.deepEqual([...(await roundTrip(map)).loaded.keys()], ['c', 'a', 'b']);
    const set = new Set([3, 1, 2]);
    assert.deepEqual([...(await roundTrip(set)).loaded], [3, 1, 2]);
  });

  test('Buffer loads as Buffer, Uint8Array as Uint8Array, on local and remote stores', async () => {
    for (const local of [true, false]) {
      const buffer = await roundTrip(Buffer.from([1, 2, 3]), { local });
      assert.ok(Buffer.isBuffer(buffer.loaded));
      assert.deepEqual([...buffer.loaded], [1, 2, 3]);
      const bytes = await roundTrip(new Uint8Array([4, 5]), { local });
      assert.ok(!Buffer.isBuffer(bytes.loaded));
      assert.equal(bytes.loaded.constructor, Uint8Array);
      assert.deepStrictEqual(bytes.loaded, new Uint8Array([4, 5]));
    }
  });

  test('a Buffer that is a slice of the shared pool writes only its own bytes', async () => {
    const value = Buffer.from('abc');
    const { files, metadata } = await roundTrip(value);
    assert.equal(await files.size('data.bin'), 3);
    assert.deepEqual(metadata.storage_size, { type: 'storage_size', value: 3 });
    assert.equal(metadata.dtype, 'uint8');
    assert.equal(metadata.length, 3);
  });
});

describe('TypedArrays', () => {
  const classes = [
    [Int8Array, 'int8', [-128, 0, 127]],
    [Uint8ClampedArray, 'uint8_clamped', [0, 128, 255]],
    [Int16Array, 'int16', [-32768, 1, 32767]],
    [Uint16Array, 'uint16', [0, 1, 65535]],
    [Int32Array, 'int32', [-(2 ** 31), 1, 2 ** 31 - 1]],
    [Uint32Array, 'uint32', [0, 1, 2 ** 32 - 1]],
    [Float32Array, 'float32', [Math.fround(0.1), -0, NaN]],
    [Float64Array, 'float64', [0.1, -Infinity, Number.MIN_VALUE]],
    [BigInt64Array, 'int64', [-(2n ** 63n), 0n, 2n ** 63n - 1n]],
    [BigUint64Array, 'uint64', [0n, 1n, 2n ** 64n - 1n]],
  ] as const;

  for (const [Class, dtype, items] of classes) {
    test(`${Class.name} round-trips as raw bytes`, async () => {
      for (const local of [true, false]) {
        const value = new (Class as unknown as new (items: readonly unknown[]) => ArrayLike<unknown> & ArrayBufferView)(items);
        const { id, dataType, loaded, files, metadata, visualizations } = await roundTrip(value, { local });
        assert.equal(id, 'zenml.typed_array');
        assert.equal(dataType, Class.name);
        assert.equal(loaded.constructor, Class);
        assert.deepStrictEqual(loaded, value);
        assert.equal(await files.size('data.bin'), items.length * Class.BYTES_PER_ELEMENT);
        assert.equal(metadata.dtype, dtype);
        assert.equal(metadata.length, items.length);
        assert.deepEqual(metadata.shape, [items.length]);
        assert.deepEqual(metadata.storage_size, { type: 'storage_size', value: items.length * Class.BYTES_PER_ELEMENT });
        const meta = JSON.parse(await readFile(join(files.dir, 'meta.json'), 'utf8'));
        assert.deepEqual(meta, { dtype, length: items.length, byteOrder: 'little' });
        await assertVisualizationsExist(files, visualizations);
      }
    });
  }

  test('a view into a larger buffer stores only the viewed elements', async () => {
    const backing = new Float64Array([1, 2, 3, 4, 5]);
    const view = backing.subarray(1, 3);
    const { loaded, files } = await roundTrip(view);
    assert.deepStrictEqual(loaded, new Float64Array([2, 3]));
    assert.equal(await files.size('data.bin'), 16);
  });

  test('an empty array round-trips', async () => {
    const { loaded, files } = await roundTrip(new Int32Array(0));
    assert.deepStrictEqual(loaded, new Int32Array(0));
    assert.equal(await files.size('data.bin'), 0);
  });

  test('a 16 MiB Float32Array round-trips bit-exactly', async () => {
    const length = (16 * 1024 * 1024) / 4;
    const value = new Float32Array(length);
    const bits = new Uint32Array(value.buffer);
    let state = 0x9e3779b9;
    for (let i = 0; i < length; i++) {
      state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
      bits[i] = state >>> 0;   // every bit pattern, including NaN payloads and denormals
    }
    for (const local of [true, false]) {
      const { loaded, files } = await roundTrip(value, { local });
      assert.equal(await files.size('data.bin'), length * 4);
      assert.equal(loaded.length, length);
      const bytes = (array: Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      assert.equal(Buffer.compare(bytes(loaded), bytes(value)), 0);
    }
  });

  test('the data file holds the little-endian element bytes', async () => {
    const { files } = await roundTrip(new Uint16Array([0x0102]));
    assert.deepEqual([...(await readFile(join(files.dir, 'data.bin')))], [0x02, 0x01]);
  });

  test('a truncated data file is reported, not read as zeros', async () => {
    const files = await tempArtifactFiles();
    folders.push(files);
    const materializer = materializers.forValue(new Float64Array(4));
    await materializer.save(new Float64Array(4), files);
    await files.writeFile('data.bin', new Uint8Array(8));
    await assert.rejects(materializers.byIdOrThrow(materializer.id).load(files), /holds 8 bytes but 32 were expected/);
  });
});

describe('Arrow tables', () => {
  const table = (): Table =>
    tableFromArrays({
      id: Int32Array.from({ length: 25 }, (_, i) => i),
      score: Float64Array.from({ length: 25 }, (_, i) => i / 4),
      name: Array.from({ length: 25 }, (_, i) => (i === 3 ? 'comma, "quote" | pipe' : `row ${i}`)),
    });

  test('round-trips through an Arrow IPC file', async () => {
    const value = table();
    const { id, dataType, loaded, files, metadata } = await roundTrip(value);
    assert.equal(id, 'zenml.arrow_table');
    assert.equal(dataType, 'arrow.Table');
    assert.equal(loaded.constructor.name, 'Table');
    assert.equal(String(loaded.schema), String(value.schema));
    assert.deepEqual(loaded.toArray().map((row) => row.toJSON()), value.toArray().map((row) => row.toJSON()));
    const head = (await readFile(join(files.dir, 'table.arrow'))).subarray(0, 6).toString('latin1');
    assert.equal(head, 'ARROW1');
    assert.equal(metadata.numRows, 25);
    assert.equal(metadata.numCols, 3);
    assert.deepEqual(metadata.shape, [25, 3]);
    const schema = metadata.schema as { name: string; type: string }[];
    assert.deepEqual(schema.map((field) => field.name), ['id', 'score', 'name']);
    assert.deepEqual(schema.map((field) => field.type).slice(0, 2), ['Int32', 'Float64']);
    assert.equal((metadata.storage_size as { type: string }).type, 'storage_size');
  });

  test('writes a markdown preview of 10 rows and a CSV preview', async () => {
    const { files, visualizations } = await roundTrip(table());
    assert.deepEqual(visualizations, [
      { type: 'markdown', file: 'preview.md' },
      { type: 'csv', file: 'preview.csv' },
    ]);
    await assertVisualizationsExist(files, visualizations);
    const markdown = await readFile(join(files.dir, 'preview.md'), 'utf8');
    assert.match(markdown, /^\| id \| score \| name \|\n\| --- \| --- \| --- \|/);
    assert.equal(markdown.split('\n').filter((line) => line.startsWith('| ')).length, 2 + 10);
    assert.match(markdown, /comma, "quote" \\\| pipe/);
    const csv = (await readFile(join(files.dir, 'preview.csv'), 'utf8')).trim().split('\n');
    assert.equal(csv[0], 'id,score,name');
    assert.equal(csv.length, 26);
    assert.equal(csv[4], '3,0.75,"comma, ""quote"" | pipe"');
  });

  test('is detected without importing apache-arrow at module load', async () => {
    const dir = new URL('../../src/materializers/builtins/', import.meta.url);
    for (const name of await readdir(dir)) {
      const source = await readFile(new URL(name, dir), 'utf8');
      assert.doesNotMatch(source, /^import(?! type)[^;]*'apache-arrow'/m, `${name} imports apache-arrow eagerly`);
    }
    class Table {
      schema = { fields: [] };
      numRows = 0;
      batches = [];
    }
    assert.equal(materializers.forValue(new Table()).id, 'zenml.arrow_table');
  });

  test('content hash follows the data', () => {
    const materializer = materializers.byIdOrThrow('zenml.arrow_table');
    const a = materializer.contentHash?.(table());
    assert.match(a ?? '', /^[0-9a-f]{64}$/);
    assert.equal(materializer.contentHash?.(table()), a);
    const other = tableFromArrays({ id: Int32Array.from([1]), score: Float64Array.from([1]), name: ['x'] });
    assert.notEqual(materializer.contentHash?.(other), a);
  });
});

describe('metadata, visualizations and content hashes', () => {
  test('strings, JSON, Map and Set record their length and size', async () => {
    assert.deepEqual((await roundTrip('héllo')).metadata, { length: 5, storage_size: { type: 'storage_size', value: 6 } });
    assert.deepEqual((await roundTrip([1, 2, 3])).metadata, { length: 3, storage_size: { type: 'storage_size', value: 7 } });
    assert.equal((await roundTrip(new Map([[1, 2]]))).metadata.length, 1);
    assert.equal((await roundTrip(new Set([1, 2]))).metadata.length, 2);
  });

  test('strings write a text preview, JSON a JSON one', async () => {
    for (const [value, expected] of [['some text', { type: 'text', file: 'preview.txt', value: 'some text' }], [{ a: 1 }, { type: 'json', file: 'preview.json', value: '{\n  "a": 1\n}\n' }]] as const) {
      const { files, visualizations } = await roundTrip(value);
      assert.deepEqual(visualizations, [expected]);
      await assertVisualizationsExist(files, visualizations);
    }
  });

  test('equal values hash equally and different types never collide', () => {
    const hash = (value: unknown) => materializers.forValue(value).contentHash?.(value);
    assert.equal(hash({ a: [1, 2] }), hash({ a: [1, 2] }));
    assert.notEqual(hash({ a: [1, 2] }), hash({ a: [1, 3] }));
    const hashes = [1, '1', 1n, [1], new Set([1]), new Int8Array([1]), new Uint8Array([1]), true, 'true'].map(hash);
    assert.ok(hashes.every((h) => typeof h === 'string'));
    assert.equal(new Set(hashes).size, hashes.length);
    assert.notEqual(hash(0), hash(-0));
    assert.notEqual(hash(new Int32Array([0])), hash(new Float32Array([0])));
  });

  test('no content hash above 64 MiB', () => {
    const big = new Int8Array(64 * 1024 * 1024 + 1);
    assert.equal(materializers.forValue(big).contentHash?.(big), undefined);
  });
});

describe('choosing a materializer', () => {
  class Point {
    constructor(readonly x: number, readonly y: number) {}
  }

  class PointMaterializer extends BaseMaterializer<Point> {
    readonly id = 'test.point';
    canHandle(value: unknown): boolean {
      return value instanceof Point;
    }
    async save(value: Point, files: ArtifactFiles): Promise<void> {
      await files.writeFile('point.txt', `${value.x},${value.y}`);
    }
    async load(files: ArtifactFiles): Promise<Point> {
      const [x, y] = (await files.readFile('point.txt')).toString().split(',').map(Number);
      return new Point(x!, y!);
    }
  }

  test('values no materializer takes fail with an error naming their type', () => {
    assert.throws(() => materializers.forValue(function train() {}), /No materializer can store a value of type function train/);
    assert.throws(() => materializers.forValue(new Point(1, 2)), /type Point/);
    assert.throws(() => materializers.forValue(undefined), /type undefined/);
    assert.throws(() => materializers.forValue(Symbol('s')), /type symbol/);
    assert.throws(() => materializers.forValue({ fit: () => 0 }), /type Object: it holds a function \(fit\) at \.fit/);
    // undefined (unlike JSON) survives structured clone, so the array is stored that way.
    assert.equal(materializers.forValue([1, undefined]).id, 'zenml.structured_clone');
    assert.throws(() => materializers.forValue(new Map([['f', () => 0]])), /type Map/);
    assert.throws(() => materializers.forValue(new (class Stamp extends Date {})()), /type Stamp/);
  });

  test('isPlainJson rejects what JSON would change', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const shared = { n: 1 };
    assert.equal(isPlainJson({ a: shared, b: shared }), true);
    for (const value of [undefined, new Point(1, 2), cyclic, [1, , 3], { x: undefined }, { x: NaN }, new Date(0), () => 0]) {
      assert.equal(isPlainJson(value), false, `accepted ${String(value)}`);
    }
  });

  test('a registered materializer wins over the built-ins', async () => {
    registerMaterializer(new PointMaterializer());
    const sentinel = 4242.125;
    registerMaterializer({
      id: 'test.sentinel-number',
      canHandle: (value) => value === sentinel,
      dataType: () => 'number',
      save: async () => {},
      load: async () => sentinel,
    });
    assert.equal(materializers.forValue(sentinel).id, 'test.sentinel-number');
    assert.equal(materializers.forValue(1).id, 'zenml.number');

    const { id, loaded } = await roundTrip(new Point(3, 4));
    assert.equal(id, 'test.point');
    assert.ok(loaded instanceof Point);
    assert.deepEqual(loaded, new Point(3, 4));
  });
});
