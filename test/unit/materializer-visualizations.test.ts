// The visualizations each built-in materializer attaches, and reading them back through an
// artifact store (ArtifactVersion.visualize): types, contents, data URLs, errors and the size cap.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { tableFromArrays } from 'apache-arrow';
import type { ArtifactVersionModel } from '../../src/core/entities.js';
import type { Visualization } from '../../src/core/materializer.js';
import { materializers } from '../../src/materializers/registry.js';
import { writeArtifact } from '../../src/artifacts/write.js';
import { readArtifactVisualization, toLoadedVisualization, MAX_VISUALIZATION_BYTES } from '../../src/artifacts/visualization.js';
import { ArtifactVersion } from '../../src/artifacts/artifact-version.js';
import { LocalArtifactStore } from '../../plugins/flavor-local/src/local-artifact-store.js';
import { tempArtifactFiles, type TempArtifactFiles } from '../helpers/materializer-files.js';

const folders: TempArtifactFiles[] = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(folders.map((folder) => folder.cleanup()));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * The visualizations the registry's materializer writes for `value` (as {type, file}), with
 * their text: small ones are kept in the record (`value`), the others must be files.
 */
async function visualize(value: unknown): Promise<{ visualizations: Visualization[]; inline: string[]; text: (file: string) => Promise<string> }> {
  const files = await tempArtifactFiles();
  folders.push(files);
  const materializer = materializers.forValue(value);
  await materializer.save(value, files);
  const made = (await materializer.saveVisualizations?.(value, files)) ?? [];
  for (const { file, value: text } of made) {
    if (text === undefined) assert.ok(await files.exists(file), `${file} was not written`);
    else assert.ok(!(await files.exists(file)), `${file} is kept in the record, not written too`);
  }
  const inlineText = new Map(made.filter((v) => v.value !== undefined).map((v) => [v.file, v.value!]));
  return {
    visualizations: made.map(({ type, file }) => ({ type, file })),
    inline: made.filter((v) => v.value !== undefined).map((v) => v.file),
    text: async (file) => inlineText.get(file) ?? readFile(join(files.dir, file), 'utf8'),
  };
}

describe('built-in materializers attach visualizations', () => {
  test('numbers, bigints, booleans and dates: a markdown figure and JSON', async () => {
    const number = await visualize(0.93);
    assert.deepEqual(number.visualizations, [{ type: 'markdown', file: 'value.md' }, { type: 'json', file: 'value.json' }]);
    assert.deepEqual(number.inline, ['value.md', 'value.json'], 'a scalar\'s visualizations are small: kept in the record, no files');
    assert.equal(await number.text('value.md'), '# 0.93\n');
    assert.equal(JSON.parse(await number.text('value.json')), 0.93);
    assert.equal(JSON.parse(await (await visualize(NaN)).text('value.json')), 'NaN', 'JSON has no NaN: its text instead');
    assert.equal(JSON.parse(await (await visualize(12345678901234567890n)).text('value.json')), '12345678901234567890');
    assert.equal(await (await visualize(true)).text('value.md'), '# true\n');
    assert.equal(await (await visualize(new Date('2024-01-02T03:04:05Z'))).text('value.md'), '# 2024-01-02T03:04:05.000Z\n');
  });

  test('strings keep their text preview', async () => {
    const { visualizations, text } = await visualize('hello world');
    assert.deepEqual(visualizations, [{ type: 'text', file: 'preview.txt' }]);
    assert.equal(await text('preview.txt'), 'hello world');
    const long = await visualize('é'.repeat(1500));
    assert.deepEqual(long.inline, [], 'over INLINE_VISUALIZATION_BYTES of UTF-8: a file');
    assert.equal(await long.text('preview.txt'), 'é'.repeat(1500));
  });

  test('objects: indented JSON, trimmed (still valid JSON) when large', async () => {
    const { visualizations, text } = await visualize({ lr: 0.1, layers: [64, 32] });
    assert.deepEqual(visualizations, [{ type: 'json', file: 'preview.json' }]);
    assert.deepEqual(JSON.parse(await text('preview.json')), { lr: 0.1, layers: [64, 32] });
    const big = await visualize({ words: Array.from({ length: 100_000 }, (_, i) => `word-${i}-${'x'.repeat(20)}`) });
    const trimmed = JSON.parse(await big.text('preview.json'));
    assert.equal(trimmed.words.length, 101);
    assert.equal(trimmed.words[100], '… 99900 more items');
  });

  test('arrays of numbers: JSON and an SVG line chart', async () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.sin(i / 20));
    const { visualizations, text } = await visualize(values);
    assert.deepEqual(visualizations, [{ type: 'json', file: 'preview.json' }, { type: 'image', file: 'chart.svg' }]);
    const svg = await text('chart.svg');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<title>Array\(500\)<\/title>/);
    assert.match(svg, /<polyline points="[\d., ]+"/);
    assert.doesNotMatch(svg, /<script/i);
    assert.deepEqual((await visualize([1])).visualizations, [{ type: 'json', file: 'preview.json' }], 'one point is no chart');
  });

  test('arrays of records (plain or with Dates): a CSV table', async () => {
    const rows = [{ id: 1, name: 'a, "quoted"' }, { id: 2, extra: true }];
    const { visualizations, text } = await visualize(rows);
    assert.deepEqual(visualizations, [{ type: 'json', file: 'preview.json' }, { type: 'csv', file: 'table.csv' }]);
    assert.equal(await text('table.csv'), 'id,name,extra\n1,"a, ""quoted""",\n2,,true\n');
    const dated = await visualize([{ at: new Date('2024-05-06T00:00:00Z'), n: 10n }]);
    assert.deepEqual(dated.visualizations.map((v) => v.type), ['text', 'csv']);
    assert.equal(await dated.text('table.csv'), 'at,n\n2024-05-06T00:00:00.000Z,10\n');
  });

  test('typed arrays: the text preview, JSON of the first 1000 values and a chart, sampled when huge', async () => {
    const { visualizations, text } = await visualize(Float32Array.from({ length: 1500 }, (_, i) => i / 2));
    assert.deepEqual(visualizations, [{ type: 'text', file: 'preview.txt' }, { type: 'json', file: 'values.json' }, { type: 'image', file: 'chart.svg' }]);
    const json = JSON.parse(await text('values.json'));
    assert.deepEqual([json.dtype, json.length, json.values.length, json.truncated, json.values[3]], ['float32', 1500, 1000, true, 1.5]);
    assert.match(await text('chart.svg'), /Float32Array\(1500\)/);
    const huge = new Float64Array(20_000_000).fill(1);
    const started = performance.now();
    const chart = await visualize(huge);
    assert.match(await chart.text('chart.svg'), /\(sampled\)/);
    assert.ok(performance.now() - started < 5_000, 'a 160 MB array is charted from a sample');
    assert.deepEqual(JSON.parse(await (await visualize(new BigInt64Array([1n, 2n]))).text('values.json')).values, ['1', '2']);
  });

  test('Arrow tables: a markdown preview and a CSV of up to 10,000 rows', async () => {
    const table = tableFromArrays({ id: Int32Array.from({ length: 12_000 }, (_, i) => i), score: Float64Array.from({ length: 12_000 }, (_, i) => i / 10) });
    const { visualizations, text } = await visualize(table);
    assert.deepEqual(visualizations, [{ type: 'markdown', file: 'preview.md' }, { type: 'csv', file: 'preview.csv' }]);
    const lines = (await text('preview.csv')).trim().split('\n');
    assert.equal(lines.length, 1 + 10_000);
    assert.equal(lines[5], '4,0.4');
  });

  test('bytes that are a PNG or an SVG are also shown as an image', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
    assert.deepEqual((await visualize(png)).visualizations, [{ type: 'text', file: 'preview.txt' }, { type: 'image', file: 'image.png' }]);
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    assert.deepEqual((await visualize(svg)).visualizations.map((v) => v.file), ['preview.txt', 'image.svg']);
    assert.deepEqual((await visualize(Buffer.from('plain bytes'))).visualizations.map((v) => v.file), ['preview.txt']);
  });
});

describe('reading visualizations back (ArtifactVersion.visualize)', () => {
  async function stored(value: unknown, name = 'viz'): Promise<{ store: LocalArtifactStore; version: ArtifactVersion }> {
    const dir = await mkdtemp(join(tmpdir(), 'zenml-viz-'));
    dirs.push(dir);
    const store = new LocalArtifactStore('store-1', dir);
    const written = await writeArtifact(store, value, { name });
    const model = { ...written, artifactId: 'a', version: 3, created: new Date().toISOString(), tags: [] } as unknown as ArtifactVersionModel;
    return { store, version: new ArtifactVersion(model, async () => store) };
  }

  test('text kinds come back as text, images as a data URL', async () => {
    const { version } = await stored([3, 1, 2]);
    assert.deepEqual(await version.visualize(0), { type: 'json', value: '[\n  3,\n  1,\n  2\n]\n' });
    const image = await version.visualize(1);
    assert.equal(image.type, 'image');
    assert.match(image.value, /^data:image\/svg\+xml;base64,/);
    assert.match(Buffer.from(image.value.split(',')[1], 'base64').toString('utf8'), /^<svg /);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest')]);
    const { version: picture } = await stored(png, 'picture');
    assert.equal((await picture.visualize(1)).value, `data:image/png;base64,${png.toString('base64')}`);
    const file = await picture.visualizationFile(1);
    assert.deepEqual([file.mimeType, file.data.equals(png)], ['image/png', true]);
  });

  test('an index out of range, a version with none, a missing file and a damaged one: one clear error each', async () => {
    const { version, store } = await stored([3, 1, 2]);
    await assert.rejects(version.visualize(2), (error: Error) => error.name === 'UsageError' && /Artifact 'viz' version 3 has 2 visualizations \(0: json preview\.json, 1: image chart\.svg\); there is no index 2\. Pick an index from 0 to 1\./.test(error.message));
    const { version: none } = await stored(null, 'nothing');
    await assert.rejects(none.visualize(), (error: Error) => error.name === 'NotFoundError' && /Artifact 'nothing' version 3 has no visualizations\./.test(error.message));
    const dir = store.pathOf(version.uri)!;
    await store.writeFile(`${dir}/chart.svg`, '<svg>changed</svg>');
    await assert.rejects(version.visualize(1), /no longer matches the hash recorded/);
    await store.remove(`${dir}/chart.svg`);
    await assert.rejects(version.visualize(1), /The file chart\.svg of Artifact 'viz' version 3 \(visualization 1\) cannot be read/);
  });

  test('small text visualizations come back from the record: the folder holds the data alone', async () => {
    const { version, store } = await stored(0.93, 'scalar');
    assert.deepEqual(await version.visualize(0), { type: 'markdown', value: '# 0.93\n' });
    assert.deepEqual(await version.visualize(1), { type: 'json', value: '0.93\n' });
    assert.deepEqual(await store.list(store.pathOf(version.uri)!), ['data.txt']);
    assert.deepEqual(Object.keys(version.fileHashes ?? {}), ['data.txt']);
    const file = await version.visualizationFile(0);
    assert.deepEqual([file.file, file.data.toString('utf8')], ['value.md', '# 0.93\n'], '--output writes it like a file');
  });

  test('a file over the size cap is refused with a 413 and a way out; a larger cap reads it', async () => {
    // Long enough for its JSON preview to be a file rather than part of the record.
    const { version, store } = await stored(Array.from({ length: 500 }, (_, i) => i));
    const dir = store.pathOf(version.uri)!;
    await store.writeFile(`${dir}/preview.json`, Buffer.alloc(MAX_VISUALIZATION_BYTES + 1, 0x20));
    const unchecked = new ArtifactVersion({ ...version.toJSON(), fileHashes: undefined }, async () => store);
    await assert.rejects(unchecked.visualize(0), (error: Error & { statusCode?: number }) => error.statusCode === 413 && /is 10\.0 MiB, over the 10\.0 MiB that is read at once\. Save it to a file instead: zenml artifact visualize .* --index 0 --output FILE\./.test(error.message));
    const file = await readArtifactVisualization(store, unchecked, 0, { maxBytes: Infinity });
    assert.equal(file.data.byteLength, MAX_VISUALIZATION_BYTES + 1);
    assert.equal(toLoadedVisualization({ type: 'csv', file: 'x.csv', data: Buffer.from('a,b\n') }).value, 'a,b\n');
  });

  test('a version outside the store this process reaches says so', async () => {
    const { version } = await stored([1, 2]);
    const elsewhere = new LocalArtifactStore('store-1', await mkdtemp(join(tmpdir(), 'zenml-viz-other-')));
    dirs.push(elsewhere.root);
    // Index 1, the chart, is a file (index 0, a small JSON preview, comes from the record wherever it is read).
    await assert.rejects(readArtifactVisualization(elsewhere, version, 1), /is stored at .*, outside artifact store .* as this process sees it\. A local artifact store is a folder on the machine that ran the step/);
  });
});
