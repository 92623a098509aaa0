// A cached step in process takes one store write (SqlZenStore.startStepRunReusing): the hit
// the launcher accepts is completed in the transaction that creates the row, a refused
// candidate leaves the row as startStepRun would, on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { ZenStore } from '../../src/store/zen-store.js';
import type { SqlZenStore } from '../../src/store/sql/sql-zen-store.js';
import { openZenStore } from '../../src/store/open-store.js';
import { testPostgres } from '../helpers/postgres.js';

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function oneWriteSuite(name: string, open: () => Promise<ZenStore>): void {
  describe(`startStepRunReusing: ${name}`, () => {
    let store: SqlZenStore;
    after(() => store?.close());

    async function completedOriginal(cacheKey: string) {
      store ??= (await open()) as SqlZenStore;
      const pipeline = await store.getOrCreatePipeline(unique('p'));
      const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
      const newRun = () => store.createRun({ name: unique('run'), pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
      const run = await newRun();
      const row = (runId: string, logsUri: string) => ({ runId, invocationId: 'step', stepName: 'step', status: 'running' as const, cacheKey, parameters: {}, config: {}, inputs: {}, attempts: 1, logsUri });
      const started = await store.startStepRun(row(run.id, 'logs/original'), { useCache: true });
      const id = randomUUID();
      const version = { id, name: unique('out'), uri: `/artifacts/out/${id}`, artifactStoreId: 'store-1', materializer: 'zenml.json', dataType: 'number', type: 'data' as const, outputName: 'output' };
      const original = await store.completeStepRun(started.stepRun.id, { status: 'completed', newVersions: [version] });
      return { original, row, rerun: await newRun() };
    }

    test('a hit the launcher accepts comes back completed as cached, in the same call', async () => {
      const { original, row, rerun } = await completedOriginal(unique('key'));
      const seen: string[] = [];
      const started = await store.startStepRunReusing(row(rerun.id, 'logs/rerun'), async (candidate) => {
        seen.push(candidate.stepRun.id, ...candidate.outputs.map((version) => version.id));
        return { originalStepRunId: candidate.stepRun.id, outputs: candidate.stepRun.outputs };
      });
      assert.deepEqual(seen, [original.id, original.outputs.output], 'the check sees the candidate and its registered outputs');
      assert.equal(started.reused, true);
      assert.deepEqual([started.stepRun.status, started.stepRun.cached, started.stepRun.originalStepRunId, started.stepRun.attempts], ['cached', true, original.id, 0]);
      assert.deepEqual(started.stepRun.outputs, original.outputs);
      assert.equal(started.stepRun.logsUri, 'logs/original', 'a cache hit shows the log of the run that computed it');
      assert.equal((await store.getStepRun(started.stepRun.id)).status, 'cached');
      assert.equal((await store.getArtifactVersion(original.outputs.output)).version, 1, 'a cache hit creates no version');
    });

    test('a refused candidate leaves the running row startStepRun gives, for the launcher to take back', async () => {
      const { original, row, rerun } = await completedOriginal(unique('key'));
      const started = await store.startStepRunReusing(row(rerun.id, 'logs/rerun'), async () => undefined);
      assert.equal(started.reused, undefined);
      assert.equal(started.cacheCandidate?.stepRun.id, original.id);
      assert.deepEqual([started.stepRun.status, started.stepRun.attempts, started.stepRun.logsUri], ['running', 0, 'logs/original']);
    });

    test('a check that throws writes nothing', async () => {
      const { row, rerun } = await completedOriginal(unique('key'));
      await assert.rejects(
        store.startStepRunReusing(row(rerun.id, 'logs/rerun'), async () => {
          throw new Error('disk gone');
        }),
        /disk gone/,
      );
      assert.deepEqual(await store.listStepRuns(rerun.id), [], 'the row was rolled back with the transaction');
    });
  });
}

oneWriteSuite('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-one-write-'));
  dirs.push(dir);
  return openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
});

const { gate, server } = await testPostgres();
if (server) oneWriteSuite('postgresql', async () => openZenStore(await server.freshDatabaseUrl()));
else test('startStepRunReusing: postgresql', gate, () => undefined);
