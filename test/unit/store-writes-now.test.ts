// The SQLite store's step writes done at once (SqlZenStore.startStepRunNow, completeStepRunNow:
// src/store/sql/run-start.ts, artifacts.ts): what an in-process step's start and completion
// use inside a commit group. They must record exactly what the usual writes record, and give
// way (undefined, nothing written) whenever the usual write is needed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { NewArtifactVersion, RunModel } from '../../src/core/entities.js';
import { AlreadyExistsError } from '../../src/core/errors.js';
import { flushGroup } from '../../src/store/sql/commit-groups.js';
import { openSqlite, type Db } from '../../src/store/sql/database.js';
import { SqlZenStore } from '../../src/store/sql/sql-zen-store.js';
import { sql } from '../../src/vendor/kysely.js';

let dir: string;
let db: Db;
let store: SqlZenStore;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zenml-writes-now-'));
  db = await openSqlite(join(dir, 'zenml.db'));
  store = new SqlZenStore(`sqlite:${join(dir, 'zenml.db')}`, db);
});
after(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function newRun(): Promise<RunModel> {
  const pipeline = await store.getOrCreatePipeline(`p-${randomUUID().slice(0, 8)}`);
  const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
  return store.createRun({ name: `run-${randomUUID().slice(0, 8)}`, pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
}

const stepRow = (run: RunModel, invocationId: string, inputs: Record<string, string> = {}) => ({
  runId: run.id,
  invocationId,
  stepName: invocationId,
  status: 'running' as const,
  cacheKey: `key-${invocationId}-${run.id}`,
  parameters: { n: 1 },
  config: { enableCache: false },
  inputs,
});

function version(name: string, extra: Partial<NewArtifactVersion> = {}): NewArtifactVersion & { outputName: string } {
  const id = randomUUID();
  return { id, name, uri: `/artifacts/${name}/${id}`, artifactStoreId: 'local', materializer: 'zenml.json', dataType: 'number', type: 'data', contentHash: `hash-${id}`, size: 1, outputName: 'output', ...extra };
}

/** Runs `work` with this async flow's writes grouped, then commits the group. */
async function grouped<T>(work: () => Promise<T>): Promise<T> {
  const result = await store.groupWrites(work);
  await flushGroup(db);
  return result;
}

describe('step writes done at once (SQLite)', () => {
  test('a step started and completed at once reads back as one started and completed the usual way', async () => {
    const run = await newRun();
    const name = `out-${randomUUID().slice(0, 8)}`;
    const first = version(name, { metadata: { rows: 3 } });
    const second = version(name);
    await grouped(async () => {
      const started = store.startStepRunNow(stepRow(run, 'a'));
      assert.ok(started, 'started at once');
      const completed = store.completeStepRunNow(started.stepRun.id, { status: 'completed', newVersions: [first] });
      assert.ok(completed, 'completed at once');
      assert.equal(completed.status, 'completed');
      assert.deepEqual(completed.outputs, { output: first.id });

      const usual = await store.createStepRun(stepRow(run, 'b', { x: first.id }));
      await store.completeStepRun(usual.id, { status: 'completed', newVersions: [second] });
    });
    const [a, b] = await Promise.all(['a', 'b'].map(async (invocationId) => (await store.listStepRuns(run.id)).find((stepRun) => stepRun.invocationId === invocationId)!));
    assert.equal(a.status, 'completed');
    assert.deepEqual(a.parameters, { n: 1 });
    assert.deepEqual(a.outputs, { output: first.id });
    const registered = await store.getArtifactVersion(first.id);
    assert.equal(registered.version, 1, 'numbered as the first version of its name');
    assert.equal(registered.producerStepRunId, a.id);
    assert.equal((await store.getArtifactVersion(second.id)).version, 2, 'the usual write numbers after it');
    assert.equal((await store.getMetadata('artifact_version', first.id)).rows?.value, 3, 'its metadata is stored');
    assert.deepEqual(b.inputs, { x: first.id });
  });

  test('a completion the store refuses, or one that needs more, is left to the usual write: nothing is written', async () => {
    const run = await newRun();
    await grouped(async () => {
      const started = store.startStepRunNow(stepRow(run, 'twice'))!;
      assert.ok(store.completeStepRunNow(started.stepRun.id, { status: 'completed', newVersions: [version(`o-${randomUUID().slice(0, 8)}`)] }));
      const again = version(`o-${randomUUID().slice(0, 8)}`);
      assert.equal(store.completeStepRunNow(started.stepRun.id, { status: 'completed', newVersions: [again] }), undefined, 'a second completion');
      await assert.rejects(store.completeStepRun(started.stepRun.id, { status: 'completed', newVersions: [again] }), AlreadyExistsError);

      const tagged = store.startStepRunNow(stepRow(run, 'tagged'))!;
      const withTags = version(`t-${randomUUID().slice(0, 8)}`, { tags: ['x'] });
      assert.equal(store.completeStepRunNow(tagged.stepRun.id, { status: 'completed', newVersions: [withTags] }), undefined, 'an output with tags');
      assert.equal((await store.getStepRun(tagged.stepRun.id)).status, 'running', 'left as it was');
      await assert.rejects(store.getArtifactVersion(withTags.id));

      const last = store.startStepRunNow(stepRow(run, 'last'))!;
      assert.equal(store.completeStepRunNow(last.stepRun.id, { status: 'completed', newVersions: [], endRun: true }), undefined, 'a completion that ends the run');
    });
  });

  test('a step start at once whose links fail leaves nothing of it, and the group keeps its earlier writes (no savepoint)', async () => {
    const run = await newRun();
    const input = version(`in-${randomUUID().slice(0, 8)}`);
    // SQLite undoes the failing insert of the links; the step run's row, inserted before it, must go too.
    await sql`create trigger refuse_poisoned_links before insert on step_run_artifacts when new.name = 'poisoned' begin select raise(abort, 'link refused'); end`.execute(db);
    try {
      await grouped(async () => {
        const kept = store.startStepRunNow(stepRow(run, 'kept'))!;
        assert.ok(store.completeStepRunNow(kept.stepRun.id, { status: 'completed', newVersions: [input] }));
        assert.throws(() => store.startStepRunNow(stepRow(run, 'refused', { poisoned: input.id })), /link refused/);
        assert.ok(store.startStepRunNow(stepRow(run, 'after', { x: input.id })), 'the next start still runs at once');
      });
    } finally {
      await sql`drop trigger refuse_poisoned_links`.execute(db);
    }
    const stepRuns = await store.listStepRuns(run.id);
    assert.deepEqual(stepRuns.map((stepRun) => stepRun.invocationId).sort(), ['after', 'kept']);
    assert.equal(stepRuns.find((stepRun) => stepRun.invocationId === 'kept')!.status, 'completed');
    assert.deepEqual(stepRuns.find((stepRun) => stepRun.invocationId === 'after')!.inputs, { x: input.id });
  });

  test('outside a commit group nothing is done at once', async () => {
    const run = await newRun();
    assert.equal(store.startStepRunNow(stepRow(run, 'alone')), undefined);
    assert.deepEqual(await store.listStepRuns(run.id), []);
  });
});
