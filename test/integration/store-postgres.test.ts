// The SQL store on a real PostgreSQL 15: several processes' worth of clients (separate stores,
// separate pools) opening a fresh database at once, then writing the same names at once.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { NewArtifactVersion } from '../../src/core/entities.js';
import { openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import { testPostgres } from '../helpers/postgres.js';

const { gate, server } = await testPostgres();
const CLIENTS = 8;
const RUNS_PER_CLIENT = 6;

const stores: ZenStore[] = [];
after(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

function version(name: string, outputName: string): NewArtifactVersion & { outputName: string } {
  const id = randomUUID();
  return { id, name, outputName, uri: `/artifacts/${name}/${id}`, artifactStoreId: 'local', materializer: 'zenml.json', dataType: 'Object', type: 'data' };
}

describe('SQL store on PostgreSQL', gate, () => {
  test('8 clients opening a fresh database at once all migrate it once and share one default stack', async () => {
    const url = await server!.freshDatabaseUrl();
    const opened = await Promise.all(Array.from({ length: CLIENTS }, () => openZenStore(url)));
    stores.push(...opened);
    const stacks = await opened[0].listStacks({ size: 10 });
    assert.deepEqual(stacks.items.map((s) => s.name), ['default']);
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const migrations = await client.query('select name from zenml_migrations order by name');
      assert.equal(migrations.rows.length, new Set(migrations.rows.map((r) => r.name)).size, 'each migration ran once');
      // Every text column compares by bytes, as SQLite does, though this database's locale is ICU en-US.
      const collated = await client.query(`select table_name, column_name, collation_name from information_schema.columns
        where table_schema = 'public' and data_type = 'text' and table_name not like 'zenml_migrations%' and collation_name is distinct from 'C'`);
      assert.deepEqual(collated.rows, []);
    } finally {
      await client.end();
    }
  });

  test('8 clients running and completing steps of the same pipeline, artifacts, tags and model at once: no errors, gap-free versions, right counts', async () => {
    assert.equal(stores.length, CLIENTS);
    const pipelineName = `concurrent-${randomUUID().slice(0, 8)}`;
    const errors: unknown[] = [];
    await Promise.all(
      stores.map(async (store, client) => {
        for (let i = 0; i < RUNS_PER_CLIENT; i++) {
          try {
            const pipeline = await store.getOrCreatePipeline(pipelineName);
            const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
            const run = await store.createRun({ name: `${pipelineName}-${client}-${i}`, pipelineId: pipeline.id, snapshotId: snapshot.id, config: {}, tags: ['shared-tag', `client-${client}`] });
            await store.getOrCreateRunModelVersion({ name: `${pipelineName}-model` }, run.id);
            const step = await store.createStepRun({ runId: run.id, invocationId: 'trainer', stepName: 'trainer', status: 'running', parameters: {}, config: {}, inputs: {} });
            // Half the clients give the two names in the other order: the store must not deadlock on them.
            const outputs = [version(`${pipelineName}-model-file`, 'model'), version(`${pipelineName}-metrics`, 'metrics')];
            await store.completeStepRun(step.id, { status: 'completed', newVersions: client % 2 === 0 ? outputs : outputs.reverse() });
            await store.updateRun(run.id, { status: 'completed', ended: new Date().toISOString() });
          } catch (error) {
            errors.push(error);
          }
        }
      }),
    );
    assert.deepEqual(errors.map(String), []);
    const total = CLIENTS * RUNS_PER_CLIENT;
    const store = stores[0];
    const expected = Array.from({ length: total }, (_, i) => i + 1);
    for (const name of [`${pipelineName}-model-file`, `${pipelineName}-metrics`]) {
      const versions = await store.listArtifactVersions({ name, size: 1000 });
      assert.equal(versions.total, total, `the counter of ${name}`);
      assert.deepEqual(versions.items.map((v) => Number(v.version)).sort((a, b) => a - b), expected, `${name}: one version per step, numbered 1..${total}`);
    }
    const models = await store.listModelVersions({ model: `${pipelineName}-model`, size: 1000 });
    assert.deepEqual(models.items.map((v) => v.number).sort((a, b) => a - b), expected, 'one model version per run, numbered 1..N');
    const runs = await store.listRuns({ pipeline: pipelineName, size: 1000 });
    assert.equal(runs.total, total);
    assert.equal((await store.listRuns({ pipeline: pipelineName, status: 'completed' })).total, total, 'the status counters moved every run');
    assert.equal((await store.listRuns({ pipeline: pipelineName, status: 'initializing' })).total, 0);
    assert.equal((await store.listRuns({ pipeline: pipelineName, tag: 'shared-tag', size: 1000 })).total, total);
    assert.equal((await store.getTag('shared-tag')).resourceCount, total);
  });

  test('the runs page read from memory is never stale: another process\'s committed write shows at once, an open transaction\'s does not', async () => {
    const [reader, writer] = stores;
    const pipelineName = `cached-${randomUUID().slice(0, 8)}`;
    const pipeline = await writer.getOrCreatePipeline(pipelineName);
    const snapshot = await writer.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
    const newRun = (i: number) => ({ name: `${pipelineName}-${i}`, pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
    await writer.createRun(newRun(0));
    const names = async () => (await reader.listRuns({ pipeline: pipelineName, size: 10 })).items.map((run) => run.name);
    // Twice: the second answer comes from memory.
    assert.deepEqual(await names(), [`${pipelineName}-0`]);
    assert.deepEqual(await names(), [`${pipelineName}-0`]);
    await writer.createRun(newRun(1));
    assert.deepEqual(await names(), [`${pipelineName}-1`, `${pipelineName}-0`], 'a write committed by another pool is seen by the next read');
    const { default: pg } = await import('pg');
    const other = new pg.Client({ connectionString: writer.url });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('update pipeline_runs set name = $1 where name = $2', [`${pipelineName}-renamed`, `${pipelineName}-1`]);
      assert.deepEqual(await names(), [`${pipelineName}-1`, `${pipelineName}-0`], 'an uncommitted change is not seen');
      await other.query('commit');
      assert.deepEqual(await names(), [`${pipelineName}-renamed`, `${pipelineName}-0`], 'a raw SQL update by another client is seen once committed');
    } finally {
      await other.end();
    }
  });
});
