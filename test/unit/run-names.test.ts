// Run names on a real SQLite store: the default pattern, templates, collisions.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AlreadyExistsError } from '../../src/core/errors.js';
import { chooseRunName, createRunWithUniqueName } from '../../src/execution/run-names.js';
import { openZenStore } from '../../src/store/open-store.js';
import type { RunModel } from '../../src/core/entities.js';
import type { ZenStore } from '../../src/store/zen-store.js';

describe('run names', () => {
  let dir: string;
  let store: ZenStore;
  let create: (name: string) => Promise<RunModel>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zenml-runnames-'));
    store = await openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
    const pipeline = await store.getOrCreatePipeline('p');
    const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: {} });
    create = (name) => store.createRun({ name, pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('default to {pipeline}-{date}-{time} in UTC with milliseconds', async () => {
    const before = new Date();
    const name = await chooseRunName(store, 'training', undefined);
    const match = /^training-(\d{4})_(\d{2})_(\d{2})-(\d{2})_(\d{2})_(\d{2})_(\d{3})$/.exec(name);
    assert.ok(match, name);
    const stamp = Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6], +match[7]);
    assert.ok(Math.abs(stamp - before.getTime()) < 5_000, `${name} is not now`);
  });

  test('a template may use {pipeline}, {date} and {time}', async () => {
    assert.match(await chooseRunName(store, 'etl', 'nightly-{pipeline}-{date}'), /^nightly-etl-\d{4}_\d{2}_\d{2}$/);
    assert.equal(await chooseRunName(store, 'etl', 'fixed'), 'fixed');
  });

  test('a taken chosen name is a usage error', async () => {
    await create('fixed');
    await assert.rejects(chooseRunName(store, 'etl', 'fixed'), (error: Error & { exitCode?: number }) => {
      assert.match(error.message, /A run named 'fixed' already exists\./);
      assert.equal(error.exitCode, 2);
      return true;
    });
  });

  test('createRunWithUniqueName retries a generated name that another run took meanwhile', async () => {
    const name = await chooseRunName(store, 'race', undefined);
    await create(name); // another process won the race
    const run = await createRunWithUniqueName(name, undefined, create);
    assert.match(run.name, new RegExp(`^${name}-[0-9a-f]{6}$`));
  });

  test('createRunWithUniqueName never renames a name the user chose', async () => {
    await create('chosen');
    await assert.rejects(createRunWithUniqueName('chosen', 'chosen', create), /A run named 'chosen' already exists/);
    await assert.rejects(create('chosen'), (error: Error) => error instanceof AlreadyExistsError);
  });

  test('other errors pass through untouched', async () => {
    await assert.rejects(createRunWithUniqueName('x', undefined, async () => { throw new Error('disk full'); }), /disk full/);
  });
});
