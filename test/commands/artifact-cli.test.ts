import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const avg = step({ name: 'avg' }, () => 2.5);
const lookup = step({ name: 'lookup' }, () => new Map([['a', 1], ['b', 2]]));
const weights = step({ name: 'weights' }, () => Float32Array.from({ length: 1500 }, (_, i) => i / 2));
const big = step({ name: 'big' }, () => 12345678901234567890n);
const note = step({ name: 'note' }, () => 'hello artifacts');
export const kinds = pipeline({ name: 'kinds' }, () => {
  avg();
  lookup();
  weights();
  big();
  note();
});
`;

describe('zenml artifact commands', () => {
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  let run: any;

  before(async () => {
    sandbox = createSandbox();
    sandbox.write('kinds.ts', PIPELINE);
    const first = await cli('pipeline', 'run', 'kinds.ts', '--json');
    assert.equal(first.code, 0, first.stderr);
    run = first.json();
    // A second, uncached run gives every artifact a version 2.
    const second = await cli('pipeline', 'run', 'kinds.ts', '--no-cache', '--json');
    assert.equal(second.code, 0, second.stderr);
  });
  after(() => sandbox?.cleanup());

  test('artifact list shows every output with its latest version', async () => {
    const result = await cli('artifact', 'list', '--json');
    assert.equal(result.code, 0, result.stderr);
    const page = result.json();
    const names = ['avg', 'lookup', 'weights', 'big', 'note'].map((s) => `kinds::${s}::output`);
    assert.deepEqual(page.items.map((a: any) => a.name).sort(), [...names].sort());
    assert.equal(page.total, 5);
    assert.ok(page.items.every((a: any) => a.latestVersion === 2 && a.versionCount === 2));
    const filtered = (await cli('artifact', 'list', '--name', 'contains:weights', '--json')).json();
    assert.deepEqual(filtered.items.map((a: any) => a.name), ['kinds::weights::output']);
    assert.equal((await cli('artifact', 'list', '--name', 'weights', '--json')).json().total, 0, 'a plain name matches exactly');
    const csv = (await cli('artifact', 'list', '-o', 'csv')).stdout.trim().split('\n');
    assert.equal(csv[0], 'name,latest,versions,updated,tags,id');
    assert.equal(csv.length, 6);
  });

  test('artifact version list, all and by name', async () => {
    const all = (await cli('artifact', 'version', 'list', '--json')).json();
    assert.equal(all.total, 10);
    const one = await cli('artifact', 'version', 'list', '--name', 'kinds::avg::output', '--json');
    assert.equal(one.code, 0, one.stderr);
    const page = one.json();
    assert.deepEqual(page.items.map((v: any) => v.version), [2, 1]);
    assert.ok(page.items.every((v: any) => v.name === 'kinds::avg::output' && v.materializer && v.dataType === 'number'));
    const yaml = parseYaml((await cli('artifact', 'version', 'list', '--name', 'kinds::avg::output', '-o', 'yaml')).stdout);
    assert.equal(yaml.total, 2);
    const missing = await cli('artifact', 'version', 'list', '--name', 'kinds::nope::output');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No artifact named 'kinds::nope::output'/);
  });

  test('artifact inspect shows materializer, type, size, URI, producer, metadata and a preview', async () => {
    const result = await cli('artifact', 'inspect', 'kinds::weights::output', '--version', '1', '--json');
    assert.equal(result.code, 0, result.stderr);
    const details = result.json();
    assert.equal(details.name, 'kinds::weights::output');
    assert.equal(details.version, 1);
    assert.equal(details.id, run.steps.weights.outputs.output.id);
    assert.equal(details.dataType, 'Float32Array');
    assert.equal(typeof details.materializer, 'string');
    assert.ok(details.size >= 1500 * 4, `size ${details.size}`);
    assert.ok(existsSync(details.uri), details.uri);
    assert.deepEqual({ runId: details.producer.runId, runName: details.producer.runName, step: details.producer.step }, { runId: run.id, runName: run.name, step: 'weights' });
    assert.equal(details.metadata.dtype, 'float32');
    assert.equal(details.metadata.length, 1500);
    assert.equal(typeof details.visualization.preview, 'string');
    assert.match(details.visualization.preview, /0, 0\.5, 1, 1\.5/);
    assert.equal('value' in details, false, 'no value without --load');

    const latest = (await cli('artifact', 'inspect', 'kinds::weights::output', '--json')).json();
    assert.equal(latest.version, 2);
    const byId = (await cli('artifact', 'inspect', details.id, '--json')).json();
    assert.equal(byId.version, 1);

    const table = await cli('artifact', 'inspect', 'kinds::note::output');
    assert.equal(table.code, 0, table.stderr);
    for (const label of ['materializer', 'data type', 'uri', 'produced by', 'Metadata:', 'Preview (']) assert.ok(table.stdout.includes(label), label);
    assert.match(table.stdout, /hello artifacts/);
  });

  test('artifact inspect --load prints the value as JSON', async () => {
    const value = async (name: string) => {
      const result = await cli('artifact', 'inspect', name, '--load', '--json');
      assert.equal(result.code, 0, result.stderr);
      return result.json();
    };
    assert.equal((await value('kinds::avg::output')).value, 2.5);
    assert.deepEqual((await value('kinds::lookup::output')).value, [['a', 1], ['b', 2]]);
    assert.equal((await value('kinds::big::output')).value, '12345678901234567890');
    assert.equal((await value('kinds::note::output')).value, 'hello artifacts');
    const weights = await value('kinds::weights::output');
    assert.equal(weights.value.length, 1000);
    assert.deepEqual(weights.value.slice(0, 4), [0, 0.5, 1, 1.5]);
    assert.match(weights.valueNotes[0], /truncated to 1000 of 1500/);

    // Without --json, --load prints only the value (pipeable), notes go to stderr.
    const plain = await cli('artifact', 'inspect', 'kinds::lookup::output', '--load');
    assert.deepEqual(JSON.parse(plain.stdout), [['a', 1], ['b', 2]]);
    const truncated = await cli('artifact', 'inspect', 'kinds::weights::output', '--load');
    assert.equal(JSON.parse(truncated.stdout).length, 1000);
    assert.match(truncated.stderr, /truncated/);
    const yaml = parseYaml((await cli('artifact', 'inspect', 'kinds::avg::output', '--load', '-o', 'yaml')).stdout);
    assert.equal(yaml.value, 2.5);
  });

  test('unknown artifacts and versions: one line, exit 1; bad flags: exit 2', async () => {
    const unknown = await cli('artifact', 'inspect', 'kinds::nope::output');
    assert.equal(unknown.code, 1);
    assert.equal(unknown.stderr.trim().split('\n').length, 1);
    assert.match(unknown.stderr, /No artifact named 'kinds::nope::output'/);
    const version = await cli('artifact', 'inspect', 'kinds::avg::output', '--version', '9');
    assert.equal(version.code, 1);
    assert.equal(version.stderr.trim().split('\n').length, 1);
    assert.match(version.stderr, /has no version 9/);
    const json = await cli('artifact', 'inspect', 'kinds::avg::output', '--version', '9', '--json');
    assert.equal(json.code, 1);
    assert.match(json.json().error.message, /has no version 9/);
    // Versions may be names (saveArtifact(..., { version: 'v-alpha' })): an unknown one is not found, not a usage error.
    const named = await cli('artifact', 'inspect', 'kinds::avg::output', '--version', 'two');
    assert.equal(named.code, 1);
    assert.match(named.stderr, /has no version 'two'/);
    for (const args of [['artifact', 'inspect'], ['artifact', 'list', '--page', '0']]) {
      const result = await cli(...args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  test('inspect still describes a version whose files are gone; --load fails with one line', async () => {
    const details = (await cli('artifact', 'inspect', 'kinds::note::output', '--version', '1', '--json')).json();
    rmSync(details.uri, { recursive: true, force: true });
    const again = await cli('artifact', 'inspect', 'kinds::note::output', '--version', '1', '--json');
    assert.equal(again.code, 0, again.stderr);
    // A small preview is kept in the version's record: it outlives the files.
    assert.equal(again.json().visualization.preview, details.visualization.preview);
    assert.ok(details.visualization.preview);
    const load = await cli('artifact', 'inspect', 'kinds::note::output', '--version', '1', '--load');
    assert.equal(load.code, 1);
    assert.equal(load.stderr.trim().split('\n').length, 1);
    assert.match(load.stderr, /missing/);
  });
});
