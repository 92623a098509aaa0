/**
 * The ZenStore conformance suite: what every store backend (SQLite, PostgreSQL, the REST
 * client of a server) must do the same way. A backend's test file calls
 * `zenStoreConformance('sqlite', () => openMyStore())`; `openStore` must return a fresh,
 * empty store (the default stack may exist) that the suite closes when it is done.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { NewArtifactVersion, RunModel, StepRunModel } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';
import { identityConformance } from './zen-store-identity-conformance.js';
import type { NewSchedule, ScheduleModel } from '../core/schedule-entities.js';

export type OpenStore = () => Promise<ZenStore>;

/** Rejects with a NotFoundError (by name, so a REST client's own error class also passes) whose message matches. */
async function notFound(call: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(call, (error: Error) => {
    assert.equal(error.name, 'NotFoundError', `${error.name}: ${error.message}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
}

async function alreadyExists(call: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(call, (error: Error) => {
    assert.equal(error.name, 'AlreadyExistsError', `${error.name}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

function newVersion(name: string, extra: Partial<NewArtifactVersion> = {}): NewArtifactVersion {
  const id = randomUUID();
  return {
    id,
    name,
    uri: `/artifacts/${name}/${id}`,
    artifactStoreId: 'store-1',
    materializer: 'zenml.json',
    dataType: 'Array',
    type: 'data',
    contentHash: `hash-${id}`,
    size: 12,
    visualizations: [{ type: 'markdown', file: 'preview.md', value: '# préview\n' }, { type: 'image', file: 'chart.svg' }],
    ...extra,
  };
}

export function zenStoreConformance(name: string, openStore: OpenStore): void {
  describe(`ZenStore conformance: ${name}`, () => {
    let store: ZenStore;
    before(async () => {
      store = await openStore();
    });
    after(async () => {
      await store?.close();
    });

    /** A pipeline with a snapshot and a run, the scaffolding most tests need. */
    async function newRun(pipelineName = unique('p'), runName = unique('run')): Promise<RunModel> {
      const pipeline = await store.getOrCreatePipeline(pipelineName);
      const snapshot = await store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
      return store.createRun({ name: runName, pipelineId: pipeline.id, snapshotId: snapshot.id, config: { parameters: { a: 1 } } });
    }

    async function newStepRun(run: RunModel, invocationId: string, extra: { cacheKey?: string; inputs?: Record<string, string> } = {}): Promise<StepRunModel> {
      return store.createStepRun({
        runId: run.id,
        invocationId,
        stepName: invocationId,
        status: 'running',
        cacheKey: extra.cacheKey,
        parameters: { k: invocationId },
        config: { enableCache: true },
        inputs: extra.inputs ?? {},
      });
    }

    describe('pipelines and snapshots', () => {
      test('getOrCreatePipeline is idempotent; get by name or id', async () => {
        const pipelineName = unique('pipe');
        const first = await store.getOrCreatePipeline(pipelineName, 'does things');
        const again = await store.getOrCreatePipeline(pipelineName);
        assert.equal(again.id, first.id);
        assert.equal(first.name, pipelineName);
        assert.equal(first.description, 'does things');
        assert.equal((await store.getPipeline(first.id)).name, pipelineName);
        assert.equal((await store.getPipeline(pipelineName)).id, first.id);
        await notFound(store.getPipeline('no-such-pipeline'), /no-such-pipeline/);
      });

      test('listPipelines pages with total, page and size; filters by name', async () => {
        const prefix = unique('paged');
        for (let i = 0; i < 5; i++) await store.getOrCreatePipeline(`${prefix}-${i}`);
        const all = await store.listPipelines({ size: 1000 });
        assert.ok(all.total >= 5);
        const page2 = await store.listPipelines({ page: 2, size: 2 });
        assert.equal(page2.page, 2);
        assert.equal(page2.size, 2);
        assert.equal(page2.items.length, 2);
        assert.equal(page2.total, all.total);
        const page1 = await store.listPipelines({ page: 1, size: 2 });
        assert.equal(new Set([...page1.items, ...page2.items].map((p) => p.id)).size, 4, 'pages overlap');
        const byName = await store.listPipelines({ name: `${prefix}-3` });
        assert.deepEqual(byName.items.map((p) => p.name), [`${prefix}-3`]);
        assert.equal(byName.total, 1);
      });

      test('a snapshot stores its spec as given', async () => {
        const pipeline = await store.getOrCreatePipeline(unique('snap'));
        const spec = { steps: [{ id: 'a', upstream: [] }], parameters: { n: 1.5, s: 'x', nested: { list: [1, null] } } };
        const created = await store.createSnapshot({ pipelineId: pipeline.id, spec, sourceFile: '/src/p.ts', sourceExport: 'training' });
        const loaded = await store.getSnapshot(created.id);
        assert.deepEqual(loaded.spec, spec);
        assert.equal(loaded.sourceFile, '/src/p.ts');
        assert.equal(loaded.sourceExport, 'training');
        assert.equal(loaded.pipelineId, pipeline.id);
        await notFound(store.getSnapshot(randomUUID()), /snapshot/i);
      });

      test('deleting a pipeline deletes its runs', async () => {
        const run = await newRun();
        await store.deletePipeline(run.pipelineName);
        await notFound(store.getPipeline(run.pipelineName), new RegExp(run.pipelineName));
        await notFound(store.getRun(run.id), /run/);
      });
    });

    describe('runs', () => {
      test('createRun starts initializing, with config, pid and host; get by name or id', async () => {
        const run = await newRun(unique('runs'), unique('my-run'));
        assert.equal(run.status, 'initializing');
        assert.deepEqual(run.config, { parameters: { a: 1 } });
        assert.ok(run.created);
        assert.equal((await store.getRun(run.name)).id, run.id);
        assert.equal((await store.getRun(run.id)).name, run.name);
        assert.equal((await store.getRun(run.id.slice(0, 12))).id, run.id, 'a unique id prefix finds the run');
        assert.equal(await store.runNameExists(run.name), true);
        assert.equal(await store.runNameExists(unique('free')), false);
        await notFound(store.getRun('no-such-run'), /no-such-run/);
      });

      test('a run name is unique', async () => {
        const run = await newRun();
        await alreadyExists(store.createRun({ name: run.name, pipelineId: run.pipelineId, snapshotId: run.snapshotId, config: {} }), new RegExp(run.name));
      });

      test('startRun gets or creates the pipeline, stores the snapshot and creates the run in one call', async () => {
        const pipelineName = unique('start');
        const runName = unique('started');
        const start = (name: string, onNameTaken: 'suffix' | 'fail', status?: 'running') =>
          store.startRun({ pipeline: { name: pipelineName, description: 'd' }, snapshot: { spec: { steps: ['a'] }, sourceFile: 'p.ts' }, run: { name, config: { x: 1 }, tags: ['t'], pid: 42, host: 'h' }, onNameTaken, status });
        const first = await start(runName, 'fail');
        assert.equal(first.pipeline.name, pipelineName);
        assert.deepEqual(first.snapshot.spec, { steps: ['a'] });
        assert.equal(first.snapshot.pipelineId, first.pipeline.id);
        assert.equal(first.run.name, runName);
        assert.equal(first.run.status, 'initializing');
        assert.equal(first.run.snapshotId, first.snapshot.id);
        assert.equal(first.run.pipelineName, pipelineName);
        assert.deepEqual([first.run.pid, first.run.host, first.run.tags], [42, 'h', ['t']]);
        assert.deepEqual(await store.getRun(runName), first.run);
        const listed = (await store.listRuns({ pipeline: pipelineName, size: 100 })).items.find((run) => run.id === first.run.id);
        assert.deepEqual(listed, first.run, 'a listed run carries every field a fetched one does');

        const second = await start(runName, 'suffix', 'running');
        assert.equal(second.pipeline.id, first.pipeline.id, 'the pipeline is got, not created again');
        assert.match(second.run.name, new RegExp(`^${runName}-[0-9a-f]{6}$`), 'a generated name that is taken gets a suffix');
        assert.equal(second.run.status, 'running');

        const snapshotsBefore = (await store.listRuns({ pipeline: pipelineName, size: 100 })).total;
        await alreadyExists(start(runName, 'fail'), new RegExp(runName));
        assert.equal((await store.listRuns({ pipeline: pipelineName, size: 100 })).total, snapshotsBefore, 'a name that may not change leaves the store untouched');
      });

      test('updateRun changes status, reason and end time', async () => {
        const run = await newRun();
        const ended = new Date().toISOString();
        const updated = await store.updateRun(run.id, { status: 'failed', statusReason: 'boom', ended });
        assert.equal(updated.status, 'failed');
        assert.equal(updated.statusReason, 'boom');
        assert.equal(updated.ended, ended);
        assert.equal((await store.getRun(run.id)).status, 'failed');
      });

      test('listRuns filters by pipeline and status, newest first', async () => {
        const pipelineName = unique('filtered');
        const runs: RunModel[] = [];
        for (let i = 0; i < 3; i++) {
          runs.push(await newRun(pipelineName));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await store.updateRun(runs[1].id, { status: 'completed' });
        const byPipeline = await store.listRuns({ pipeline: pipelineName });
        assert.equal(byPipeline.total, 3);
        assert.deepEqual(byPipeline.items.map((r) => r.id), [runs[2].id, runs[1].id, runs[0].id]);
        const completed = await store.listRuns({ pipeline: pipelineName, status: 'completed' });
        assert.deepEqual(completed.items.map((r) => r.id), [runs[1].id]);
        const paged = await store.listRuns({ pipeline: pipelineName, size: 2, page: 2 });
        assert.deepEqual(paged.items.map((r) => r.id), [runs[0].id]);
        assert.equal(paged.total, 3);
      });

      test('listActiveRunOwners lists who owns each active run; failRuns fails them with their running steps, never a finished run', async () => {
        const active = await newRun();
        await store.updateRun(active.id, { status: 'running' });
        const running = await newStepRun(active, 'a');
        await new Promise((resolve) => setTimeout(resolve, 5));
        const lastBeat = new Date().toISOString();
        await store.updateRun(active.id, { heartbeat: lastBeat });
        await new Promise((resolve) => setTimeout(resolve, 5));
        // Started after the last heartbeat: it ends when it started, never before.
        const startedLate = await newStepRun(active, 'b');
        await new Promise((resolve) => setTimeout(resolve, 30));
        const done = await newRun();
        await store.updateRun(done.id, { status: 'completed', ended: new Date().toISOString() });

        const owners = await store.listActiveRunOwners();
        const owner = owners.find((o) => o.id === active.id);
        assert.ok(owner, 'the running run is listed');
        assert.equal(owner.pid, active.pid ?? null);
        assert.equal(owner.created, active.created);
        assert.ok(!owners.some((o) => o.id === done.id), 'a completed run is not active');

        const marked = await store.failRuns([active.id, done.id], 'process died');
        assert.deepEqual(marked, [active.id], 'only the run that was still active is marked');
        const failed = await store.getRun(active.id);
        assert.equal(failed.status, 'failed');
        assert.equal(failed.statusReason, 'process died');
        assert.equal(failed.ended, lastBeat, 'a dead run ends at its last heartbeat, not when it was found dead');
        const step = await store.getStepRun(running.id);
        assert.equal(step.status, 'failed');
        assert.equal(step.ended, lastBeat);
        const late = await store.getStepRun(startedLate.id);
        assert.equal(late.status, 'failed');
        assert.equal(late.ended, late.started);
        assert.equal((await store.getRun(done.id)).status, 'completed');
        assert.ok(!(await store.listActiveRunOwners()).some((o) => o.id === active.id));
      });

      test('deleteRun removes the run and its step runs', async () => {
        const run = await newRun();
        const stepRun = await newStepRun(run, 'a');
        await store.deleteRun(run.name);
        await notFound(store.getRun(run.id), /run/);
        await notFound(store.getStepRun(stepRun.id), /step run/);
        await notFound(store.deleteRun(run.id), /run/);
      });
    });

    describe('step runs, artifact versions and lineage', () => {
      test('createStepRun records parameters, config and inputs; updates apply', async () => {
        const run = await newRun();
        const input = await store.createArtifactVersion(newVersion(unique('in')));
        const stepRun = await newStepRun(run, 'train', { inputs: { data: input.id } });
        assert.equal(stepRun.status, 'running');
        assert.equal(stepRun.cached, false);
        assert.deepEqual(stepRun.parameters, { k: 'train' });
        assert.deepEqual(stepRun.inputs, { data: input.id });
        assert.deepEqual(stepRun.outputs, {});
        const updated = await store.updateStepRun(stepRun.id, { status: 'retrying', attempts: 2, error: 'attempt 1: x' });
        assert.equal(updated.status, 'retrying');
        assert.equal(updated.attempts, 2);
        assert.equal(updated.error, 'attempt 1: x');
        assert.deepEqual((await store.getStepRun(stepRun.id)).inputs, { data: input.id });
        assert.deepEqual((await store.listConsumers(input.id)).map((s) => s.id), [stepRun.id]);
        await notFound(store.getStepRun(randomUUID()), /step run/);
      });

      test('an invocation id is unique within a run', async () => {
        const run = await newRun();
        await newStepRun(run, 'same');
        await alreadyExists(newStepRun(run, 'same'), /invocation 'same'/);
        assert.equal((await store.listStepRuns(run.id)).length, 1);
      });

      test('completeStepRun registers outputs with the next version numbers and the producer', async () => {
        const artifact = unique('out');
        const run = await newRun();
        const first = await newStepRun(run, 'first');
        const done = await store.completeStepRun(first.id, { status: 'completed', newVersions: [{ ...newVersion(artifact), outputName: 'output' }] });
        assert.equal(done.status, 'completed');
        assert.ok(done.ended);
        const v1 = await store.getArtifactVersion(done.outputs.output);
        assert.equal(v1.version, 1);
        assert.equal(v1.name, artifact);
        assert.equal(v1.producerStepRunId, first.id);
        assert.equal(v1.producerRunId, run.id);

        const second = await newStepRun(run, 'second');
        const done2 = await store.completeStepRun(second.id, {
          status: 'completed',
          newVersions: [
            { ...newVersion(artifact), outputName: 'a' },
            { ...newVersion(unique('other')), outputName: 'b' },
          ],
        });
        assert.equal((await store.getArtifactVersion(done2.outputs.a)).version, 2);
        assert.equal((await store.getArtifactVersion(done2.outputs.b)).version, 1);
        assert.deepEqual(Object.keys(done2.outputs).sort(), ['a', 'b']);
        const listed = await store.listStepRuns(run.id);
        assert.deepEqual(listed.map((s) => s.invocationId), ['first', 'second']);
        assert.deepEqual(listed[1].outputs, done2.outputs);
      });

      test('a step never completes on a run that ended (failed, stopped): refused, nothing registered', async () => {
        for (const ended of ['failed', 'stopped'] as const) {
          const artifact = unique('late');
          const run = await newRun();
          await store.updateRun(run.id, { status: 'running' });
          const late = await newStepRun(run, 'late');
          if (ended === 'failed') await store.failRuns([run.id], 'process died');
          else await store.updateRun(run.id, { status: 'stopped', ended: new Date().toISOString() });
          const before = (await store.getStepRun(late.id)).status;
          await assert.rejects(
            store.completeStepRun(late.id, { status: 'completed', newVersions: [{ ...newVersion(artifact), outputName: 'output' }] }),
            (error: Error) => error.name === 'AlreadyExistsError' && new RegExp(`its run '${run.name}' already ended ${ended}`).test(error.message),
          );
          const stepRun = await store.getStepRun(late.id);
          assert.equal(stepRun.status, before, `a step on a ${ended} run changed status`);
          assert.deepEqual(stepRun.outputs, {});
          await notFound(store.getArtifactVersion(artifact), new RegExp(artifact));
        }
      });

      test('completeStepRun with endRun marks the run completed in the same call, unless it ended already', async () => {
        const run = await newRun();
        const last = await newStepRun(run, 'last');
        const done = await store.completeStepRun(last.id, { status: 'completed', newVersions: [], endRun: true });
        const ended = await store.getRun(run.id);
        assert.equal(ended.status, 'completed');
        assert.equal(ended.ended, done.ended);

        const stopped = await newRun();
        const late = await newStepRun(stopped, 'late');
        await store.updateRun(stopped.id, { status: 'stopped', statusReason: 'stopped by request (immediate)', ended: new Date().toISOString() });
        await assert.rejects(store.completeStepRun(late.id, { status: 'completed', newVersions: [], endRun: true }), /already ended stopped/);
        assert.equal((await store.getRun(stopped.id)).status, 'stopped', 'a run that ended keeps its status');
      });

      test('a cached completion reuses versions; findCachedStepRun returns the newest completed run with the key', async () => {
        const cacheKey = unique('key');
        const run = await newRun();
        assert.equal(await store.findCachedStepRun(cacheKey), undefined);
        const failed = await newStepRun(run, 'failed', { cacheKey });
        await store.updateStepRun(failed.id, { status: 'failed', error: 'x' });
        assert.equal(await store.findCachedStepRun(cacheKey), undefined, 'a failed step run is not a cache hit');

        const original = await newStepRun(run, 'original', { cacheKey });
        const completed = await store.completeStepRun(original.id, { status: 'completed', newVersions: [{ ...newVersion(unique('c')), outputName: 'output' }] });
        const hit = await store.findCachedStepRun(cacheKey);
        assert.equal(hit?.id, original.id);
        assert.deepEqual(hit?.outputs, completed.outputs);

        const rerun = await newRun();
        const reuse = await newStepRun(rerun, 'original', { cacheKey });
        const cached = await store.completeStepRun(reuse.id, { status: 'cached', newVersions: [], reusedOutputs: completed.outputs, originalStepRunId: original.id });
        assert.equal(cached.status, 'cached');
        assert.equal(cached.cached, true);
        assert.equal(cached.originalStepRunId, original.id);
        assert.deepEqual(cached.outputs, completed.outputs);
        const version = await store.getArtifactVersion(completed.outputs.output);
        assert.equal(version.version, 1, 'a cache hit must not create a version');
        assert.equal(version.producerStepRunId, original.id);
      });
    });

    describe('startStepRun', () => {
      test('creates the step run; with useCache finds the newest completed run with the key and its outputs', async () => {
        const cacheKey = unique('key');
        const run = await newRun();
        const request = (invocationId: string) => ({ runId: run.id, invocationId, stepName: 's', status: 'running' as const, cacheKey, parameters: {}, config: {}, inputs: {}, attempts: 1, logsUri: `logs/${invocationId}` });
        const miss = await store.startStepRun(request('a'), { useCache: true });
        assert.equal(miss.cacheCandidate, undefined);
        assert.deepEqual([miss.stepRun.status, miss.stepRun.attempts, miss.stepRun.logsUri, miss.stepRun.cacheKey], ['running', 1, 'logs/a', cacheKey]);
        const completed = await store.completeStepRun(miss.stepRun.id, { status: 'completed', newVersions: [{ ...newVersion(unique('o')), outputName: 'output' }] });

        const hit = await store.startStepRun(request('b'), { useCache: true });
        assert.equal(hit.cacheCandidate?.stepRun.id, completed.id);
        assert.deepEqual(hit.cacheCandidate?.outputs.map((version) => version.id), [completed.outputs.output]);
        assert.deepEqual([hit.stepRun.attempts, hit.stepRun.logsUri], [0, 'logs/a'], 'the new row shows the original run’s logs and no attempt');
        const rejected = await store.updateStepRun(hit.stepRun.id, { attempts: 1, logsUri: 'logs/b' });
        assert.deepEqual([rejected.attempts, rejected.logsUri], [1, 'logs/b'], 'a caller that cannot reuse the candidate takes the row back');

        assert.deepEqual(hit.cacheCandidate?.outputs[0].tags, [], 'an untagged output has no tags');

        const noCache = await store.startStepRun(request('c'));
        assert.equal(noCache.cacheCandidate, undefined, 'without useCache there is no lookup');
        assert.equal(noCache.stepRun.logsUri, 'logs/c');
        assert.deepEqual((await store.listStepRuns(run.id)).map((stepRun) => stepRun.invocationId), ['a', 'b', 'c']);
      });
    });

    describe('startStepRun cache candidates', () => {
      test('the candidate comes with its input and output links, and its outputs with their tags', async () => {
        const cacheKey = unique('key');
        const run = await newRun();
        const producer = await newStepRun(run, 'producer');
        const inputId = (await store.completeStepRun(producer.id, { status: 'completed', newVersions: [{ ...newVersion(unique('in')), outputName: 'output' }] })).outputs.output;
        const request = (invocationId: string) => ({ runId: run.id, invocationId, stepName: 's', status: 'running' as const, cacheKey, parameters: {}, config: {}, inputs: { x: inputId }, attempts: 1 });
        const first = await store.startStepRun(request('first'), { useCache: true });
        const output = { ...newVersion(unique('out'), { tags: ['zeta', 'alpha'] }), outputName: 'model' };
        const completed = await store.completeStepRun(first.stepRun.id, { status: 'completed', newVersions: [output] });

        const hit = await store.startStepRun(request('second'), { useCache: true });
        assert.equal(hit.cacheCandidate?.stepRun.id, completed.id);
        assert.deepEqual(hit.cacheCandidate?.stepRun.inputs, { x: inputId });
        assert.deepEqual(hit.cacheCandidate?.stepRun.outputs, { model: output.id });
        assert.deepEqual(hit.cacheCandidate?.outputs.map((version) => [version.id, version.name, version.tags]), [[output.id, output.name, ['alpha', 'zeta']]]);
      });

      test("the candidate's output tags come in the order a read of the version gives them (text in byte order)", async () => {
        const cacheKey = unique('key');
        const run = await newRun();
        const request = (invocationId: string) => ({ runId: run.id, invocationId, stepName: 's', status: 'running' as const, cacheKey, parameters: {}, config: {}, inputs: {}, attempts: 1 });
        const first = await store.startStepRun(request('first'), { useCache: true });
        const tags = ['zeta', 'Émile', 'alpha', 'Zulu', 'b-2', 'b_1'];
        const output = { ...newVersion(unique('out'), { tags }), outputName: 'model' };
        await store.completeStepRun(first.stepRun.id, { status: 'completed', newVersions: [output] });

        const hit = await store.startStepRun(request('second'), { useCache: true });
        const read = await store.getArtifactVersion(output.id);
        assert.deepEqual(hit.cacheCandidate?.outputs[0].tags, read.tags);
        assert.deepEqual(read.tags, ['Zulu', 'alpha', 'b-2', 'b_1', 'zeta', 'Émile']);
      });
    });

    describe('artifacts and versions', () => {
      test('versions count up per name; get by id, by name (latest) and by name and number', async () => {
        const artifact = unique('art');
        const created = [];
        for (let i = 0; i < 3; i++) created.push(await store.createArtifactVersion(newVersion(artifact, { metadata: { i } })));
        assert.deepEqual(created.map((v) => v.version), [1, 2, 3]);
        const v2 = await store.getArtifactVersion(artifact, 2);
        assert.equal(v2.id, created[1].id);
        assert.equal(v2.uri, created[1].uri);
        assert.equal(v2.materializer, 'zenml.json');
        assert.equal(v2.contentHash, created[1].contentHash);
        assert.equal(v2.size, 12);
        assert.deepEqual(v2.visualizations, [{ type: 'markdown', file: 'preview.md', value: '# préview\n' }, { type: 'image', file: 'chart.svg' }], 'a small visualization kept in the record comes back whole');
        assert.equal((await store.getArtifactVersion(artifact)).id, created[2].id);
        assert.equal((await store.getArtifactVersion(created[0].id)).version, 1);
        assert.equal((await store.getMetadata('artifact_version', created[0].id)).i.value, 0);

        const model = await store.getArtifact(artifact);
        assert.equal(model.latestVersion, 3);
        assert.equal(model.versionCount, 3);
        assert.equal((await store.getArtifact(model.id)).name, artifact);

        const listed = await store.listArtifactVersions({ name: artifact });
        assert.deepEqual(listed.items.map((v) => v.version), [3, 2, 1]);
        assert.equal(listed.total, 3);
        const found = await store.listArtifacts({ name: artifact });
        assert.deepEqual(found.items.map((a) => a.name), [artifact]);
      });

      test('missing names and versions are NotFound errors that say which', async () => {
        const artifact = unique('missing');
        await notFound(store.getArtifactVersion(artifact), new RegExp(`No artifact named '${artifact}'`));
        await notFound(store.getArtifact(artifact), new RegExp(artifact));
        await store.createArtifactVersion(newVersion(artifact));
        await notFound(store.getArtifactVersion(artifact, 5), new RegExp(`'${artifact}' has no version 5`));
      });

      test('custom version names: strings unique per artifact, numbers stay gap-free, lookups by either', async () => {
        const artifact = unique('named');
        const v1 = await store.createArtifactVersion(newVersion(artifact));
        const alpha = await store.createArtifactVersion(newVersion(artifact, { version: 'v-alpha' }));
        const v2 = await store.createArtifactVersion(newVersion(artifact));
        assert.deepEqual([v1.version, alpha.version, v2.version], [1, 'v-alpha', 2]);
        assert.equal((await store.getArtifactVersion(artifact, 'v-alpha')).id, alpha.id);
        assert.equal((await store.getArtifactVersion(alpha.id)).version, 'v-alpha');
        assert.equal((await store.getArtifactVersion(artifact, 2)).id, v2.id);
        assert.equal((await store.getArtifactVersion(artifact, '2')).id, v2.id, "an all-digit string is the number");
        assert.equal((await store.getArtifactVersion(artifact)).id, v2.id);
        const latestNamed = await store.createArtifactVersion(newVersion(artifact, { version: 'v-beta' }));
        assert.equal((await store.getArtifactVersion(artifact)).id, latestNamed.id, 'the newest version is the latest, named or not');
        assert.equal((await store.getArtifact(artifact)).latestVersion, 'v-beta');
        assert.equal((await store.getArtifact(artifact)).versionCount, 4);
        assert.deepEqual((await store.listArtifactVersions({ name: artifact })).items.map((v) => v.version), ['v-beta', 2, 'v-alpha', 1]);
        const firstPage = await store.listArtifactVersions({ name: artifact, size: 2 });
        assert.ok(firstPage.next);
        assert.deepEqual((await store.listArtifactVersions({ name: artifact, size: 2, after: firstPage.next })).items.map((v) => v.version), ['v-alpha', 1]);

        await alreadyExists(store.createArtifactVersion(newVersion(artifact, { version: 'v-alpha' })), new RegExp(`'${artifact}' already has a version 'v-alpha'`));
        await assert.rejects(store.createArtifactVersion(newVersion(artifact, { version: '3' })), /all digits/);
        await assert.rejects(store.createArtifactVersion(newVersion(artifact, { version: '' })), /non-empty/);
        assert.equal((await store.createArtifactVersion(newVersion(artifact))).version, 3, 'refused names leave no gap');
        // The same name on another artifact is fine.
        assert.equal((await store.createArtifactVersion(newVersion(unique('other'), { version: 'v-alpha' }))).version, 'v-alpha');
        await notFound(store.getArtifactVersion(artifact, 'v-gamma'), new RegExp(`'${artifact}' has no version 'v-gamma'`));
      });

      test('tags on a version are returned with it', async () => {
        const version = await store.createArtifactVersion(newVersion(unique('tagged'), { tags: ['gold', 'v1'] }));
        assert.deepEqual([...(await store.getArtifactVersion(version.id)).tags].sort(), ['gold', 'v1']);
        await store.addTags('artifact_version', version.id, ['extra']);
        assert.deepEqual([...(await store.getArtifactVersion(version.id)).tags].sort(), ['extra', 'gold', 'v1']);
      });

      test('deleteArtifactVersion removes one version', async () => {
        const artifact = unique('del');
        const v1 = await store.createArtifactVersion(newVersion(artifact));
        const v2 = await store.createArtifactVersion(newVersion(artifact));
        await store.deleteArtifactVersion(v1.id);
        await notFound(store.getArtifactVersion(artifact, 1), /no version 1/);
        assert.equal((await store.getArtifactVersion(artifact)).id, v2.id);
        await notFound(store.deleteArtifactVersion(v1.id), /artifact version/);
      });

      test('unused versions: listed, their usage told, and pruned only while still unused', async () => {
        const run = await newRun();
        const consumed = await store.createArtifactVersion(newVersion(unique('use_in')));
        await newStepRun(run, 'reads', { inputs: { data: consumed.id } });
        const modelled = await store.createArtifactVersion(newVersion(unique('use_model')));
        const modelVersion = await store.createModelVersion((await store.createModel({ name: unique('use_m') })).name);
        await store.linkArtifactToModelVersion(modelVersion.id, modelled.id, 'data');
        const tagged = await store.createArtifactVersion(newVersion(unique('use_tag'), { tags: ['keep'] }));
        const lonely = unique('use_none');
        const unused = await store.createArtifactVersion(newVersion(lonely));
        const later = await store.createArtifactVersion(newVersion(unique('use_later')));

        const listed = new Set((await store.listUnusedArtifactVersions()).map((v) => v.id));
        assert.ok(listed.has(unused.id) && listed.has(later.id));
        for (const used of [consumed, modelled, tagged]) assert.ok(!listed.has(used.id), `${used.name} is in use`);
        assert.deepEqual(await store.getArtifactVersionUsage(consumed.id), { runIds: [run.id], modelVersionIds: [], tags: [] });
        assert.deepEqual(await store.getArtifactVersionUsage(modelled.id), { runIds: [], modelVersionIds: [modelVersion.id], tags: [] });
        assert.deepEqual(await store.getArtifactVersionUsage(tagged.id), { runIds: [], modelVersionIds: [], tags: ['keep'] });
        await notFound(store.getArtifactVersionUsage(randomUUID()), /artifact version/);

        // `later` gets used between listing and pruning: it stays.
        await newStepRun(run, 'reads_later', { inputs: { data: later.id } });
        const pruned = await store.pruneArtifactVersions([unused.id, later.id, consumed.id]);
        assert.deepEqual(pruned.versionIds, [unused.id]);
        assert.deepEqual(pruned.artifactIds, [unused.artifactId], 'an artifact left without versions goes too');
        await notFound(store.getArtifactVersion(unused.id), /artifact/);
        await notFound(store.getArtifact(lonely), /artifact/);
        assert.equal((await store.getArtifactVersion(later.id)).id, later.id);
        assert.deepEqual(await store.pruneArtifactVersions([]), { versionIds: [], artifactIds: [] });
      });

      test('versions created at the same time get unique, gap-free numbers', async () => {
        const artifact = unique('race');
        const versions = await Promise.all(Array.from({ length: 20 }, () => store.createArtifactVersion(newVersion(artifact))));
        assert.deepEqual(versions.map((v) => Number(v.version)).sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
      });
    });

    describe('metadata', () => {
      test('typed values per resource; the latest value of a key wins', async () => {
        const run = await newRun();
        await store.addMetadata('pipeline_run', run.id, { n: 3, f: 0.5, s: 'text', b: false, j: { a: [1, 2] } });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await store.addMetadata('pipeline_run', run.id, { n: 4 });
        const metadata = await store.getMetadata('pipeline_run', run.id);
        assert.deepEqual(
          Object.fromEntries(Object.entries(metadata).map(([key, entry]) => [key, [entry.value, entry.type]])),
          { n: [4, 'int'], f: [0.5, 'float'], s: ['text', 'string'], b: [false, 'bool'], j: [{ a: [1, 2] }, 'json'] },
        );
        assert.deepEqual(await store.getMetadata('step_run', run.id), {}, 'metadata is per resource type');
      });
    });

    describe('filter expressions, sorting and id prefixes', () => {
      const names = async (call: Promise<{ items: Array<{ name: string }> }>) => (await call).items.map((item) => item.name);

      test('a plain name matches exactly; contains, startswith, endswith, notequals and oneof; _ and % match themselves', async () => {
        const p = unique('flt');
        for (const suffix of ['_data', 'xdata', '-iris-a', '-iris-b', '%x', 'yx']) await store.getOrCreatePipeline(`${p}${suffix}`);
        assert.deepEqual(await names(store.listPipelines({ name: `${p}_data` })), [`${p}_data`]);
        assert.deepEqual(await names(store.listPipelines({ name: `${p}_dat` })), [], 'a plain value is not a substring');
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}_`, sortBy: 'asc:name' })), [`${p}_data`], '_ is not a wildcard');
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}%`, sortBy: 'asc:name' })), [`${p}%x`], '% is not a wildcard');
        assert.deepEqual(await names(store.listPipelines({ name: `contains:${p}-iris`, sortBy: 'asc:name' })), [`${p}-iris-a`, `${p}-iris-b`]);
        assert.deepEqual(await names(store.listPipelines({ name: `endswith:-iris-b` })).then((n) => n.filter((x) => x.startsWith(p))), [`${p}-iris-b`]);
        assert.deepEqual(await names(store.listPipelines({ name: `oneof:[${p}xdata,${p}yx,nope]`, sortBy: 'asc:name' })), [`${p}xdata`, `${p}yx`]);
        const others = await names(store.listPipelines({ name: `notequals:${p}xdata`, size: 1000 }));
        assert.ok(others.includes(`${p}yx`) && !others.includes(`${p}xdata`));
        const page = await store.listPipelines({ name: `contains:${p}`, size: 2 });
        assert.equal(page.total, 6);
        assert.equal(page.items.length, 2);
      });

      test('every database answers alike: like ignores ASCII case only, text sorts by byte order, nulls sort first ascending', async () => {
        const p = unique('same');
        for (const suffix of ['-Iris-A', '-iris-b', '-Émile', '-B', '-_x', '-~']) await store.getOrCreatePipeline(`${p}${suffix}`);
        assert.deepEqual(await names(store.listPipelines({ name: `contains:${p.toUpperCase()}-IRIS`, sortBy: 'asc:name' })), [`${p}-Iris-A`, `${p}-iris-b`]);
        assert.deepEqual(await names(store.listPipelines({ name: `endswith:${p.slice(-4).toUpperCase()}-iris-a` })), [`${p}-Iris-A`]);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}-émile` })), [], 'letters beyond ASCII keep their case');
        // Byte order, as SQLite compares text: 'B' < 'I' < '_' < 'i' < '~' < 'É' (whatever the database's locale says).
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}-`, sortBy: 'asc:name' })), ['-B', '-Iris-A', '-_x', '-iris-b', '-~', '-Émile'].map((s) => `${p}${s}`));
        const pipelineName = unique('nulls');
        const finished = await newRun(pipelineName);
        const running = await newRun(pipelineName);
        await store.updateRun(finished.id, { status: 'completed', ended: new Date().toISOString() });
        assert.deepEqual((await store.listRuns({ pipeline: pipelineName, sortBy: 'asc:ended' })).items.map((r) => r.id), [running.id, finished.id]);
        assert.deepEqual((await store.listRuns({ pipeline: pipelineName, sortBy: 'desc:ended' })).items.map((r) => r.id), [finished.id, running.id]);
      });

      test('sortBy orders ascending or descending and rejects unknown fields', async () => {
        const p = unique('sort');
        for (const suffix of ['b', 'c', 'a']) await store.getOrCreatePipeline(`${p}-${suffix}`);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, sortBy: 'asc:name' })), [`${p}-a`, `${p}-b`, `${p}-c`]);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, sortBy: 'desc:name' })), [`${p}-c`, `${p}-b`, `${p}-a`]);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, sortBy: 'name' })), [`${p}-a`, `${p}-b`, `${p}-c`]);
        await assert.rejects(store.listPipelines({ sortBy: 'desc:nonsense' }), (error: Error) => error.name === 'UsageError' && /nonsense/.test(error.message));
      });

      test('dates compare with gt/gte/lt/lte', async () => {
        const p = unique('dated');
        const first = await store.getOrCreatePipeline(`${p}-1`);
        await new Promise((resolve) => setTimeout(resolve, 15));
        const second = await store.getOrCreatePipeline(`${p}-2`);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, created: `gte:${first.created}`, sortBy: 'asc:created' })), [first.name, second.name]);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, created: `gt:${first.created}` })), [second.name]);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, created: `lt:${second.created}` })), [first.name]);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, created: 'lte:2000-01-01' })), []);
        assert.deepEqual(await names(store.listPipelines({ name: `startswith:${p}`, created: 'gte:2000-01-01', sortBy: 'desc:created' })), [second.name, first.name]);
        await assert.rejects(store.listPipelines({ created: 'gte:yesterday' }), (error: Error) => error.name === 'UsageError');
      });

      test('runs: name, created and status expressions are counted for real; sortBy', async () => {
        const pipelineName = unique('runflt');
        const runs: RunModel[] = [];
        for (const name of ['alpha', 'beta', 'alps']) {
          runs.push(await newRun(pipelineName, `${pipelineName}-${name}`));
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await store.updateRun(runs[1].id, { status: 'failed' });
        const al = await store.listRuns({ pipeline: pipelineName, name: `contains:-al`, size: 1 });
        assert.equal(al.total, 2);
        assert.deepEqual(al.items.map((r) => r.id), [runs[2].id]);
        const exact = await store.listRuns({ name: `${pipelineName}-alp` });
        assert.equal(exact.total, 0);
        const statuses = await store.listRuns({ pipeline: pipelineName, status: 'oneof:[failed,stopped]' });
        assert.deepEqual(statuses.items.map((r) => r.id), [runs[1].id]);
        assert.equal(statuses.total, 1);
        const byPipelineExpression = await store.listRuns({ pipeline: `startswith:${pipelineName}`, sortBy: 'asc:created' });
        assert.deepEqual(byPipelineExpression.items.map((r) => r.id), runs.map((r) => r.id));
        assert.equal(byPipelineExpression.total, 3);
        const since = await store.listRuns({ pipeline: pipelineName, created: `gt:${runs[0].created}` });
        assert.equal(since.total, 2);
        const sorted = await store.listRuns({ pipeline: pipelineName, sortBy: 'asc:name' });
        assert.deepEqual(sorted.items.map((r) => r.name), [`${pipelineName}-alpha`, `${pipelineName}-alps`, `${pipelineName}-beta`]);
        assert.equal(sorted.next, undefined);
      });

      test('models, tags, stacks, components and secrets take name expressions', async () => {
        const p = unique('many');
        await store.createModel({ name: `${p}_m1` });
        await store.createModel({ name: `${p}xm1` });
        assert.deepEqual(await names(store.listModels({ name: `${p}_m1` })), [`${p}_m1`]);
        assert.deepEqual(await names(store.listModels({ name: `startswith:${p}_` })), [`${p}_m1`]);
        await store.createTag({ name: `${p}-tag` });
        await store.createTag({ name: `${p}-tag-2` });
        assert.deepEqual(await names(store.listTags({ name: `${p}-tag` })), [`${p}-tag`], 'a plain tag name is exact');
        assert.deepEqual(await names(store.listTags({ name: `contains:${p}-tag`, sortBy: 'desc:name' })), [`${p}-tag-2`, `${p}-tag`]);
        const o = await store.createStackComponent({ name: `${p}-orch`, type: 'orchestrator', flavor: 'local', config: {} });
        const a = await store.createStackComponent({ name: `${p}-store`, type: 'artifact_store', flavor: 'local', config: {} });
        await store.createStack({ name: `${p}-stack`, components: { orchestrator: o.id, artifact_store: a.id } });
        assert.deepEqual(await names(store.listStacks({ name: `endswith:${p}-stack` })), [`${p}-stack`]);
        assert.deepEqual(await names(store.listStackComponents({ name: `startswith:${p}`, sortBy: 'asc:name' })), [`${p}-orch`, `${p}-store`]);
        assert.deepEqual(await names(store.listStackComponents({ type: 'orchestrator', name: `startswith:${p}` })), [`${p}-orch`]);
        await store.createSecret({ name: `${p}_s`, keys: ['k'], private: false, backend: 'sql' });
        assert.deepEqual(await names(store.listSecrets({ name: `oneof:[${p}_s,${p}_t]` })), [`${p}_s`]);
      });

      test('a unique id prefix finds a run, step run, pipeline, stack, component, model, tag or secret', async () => {
        const run = await newRun();
        assert.equal((await store.getRun(run.id.slice(0, 8))).id, run.id);
        const stepRun = await newStepRun(run, 'prefixed');
        assert.equal((await store.getStepRun(stepRun.id.slice(0, 8))).id, stepRun.id);
        await notFound(store.getStepRun('0000zzzz'), /0000zzzz/);
        assert.equal((await store.getPipeline(run.pipelineId.slice(0, 8))).id, run.pipelineId);
        const model = await store.createModel({ name: unique('pm') });
        assert.equal((await store.getModel(model.id.slice(0, 8))).id, model.id);
        const tag = await store.createTag({ name: unique('pt') });
        assert.equal((await store.getTag(tag.id.slice(0, 8))).id, tag.id);
        const o = await store.createStackComponent({ name: unique('po'), type: 'orchestrator', flavor: 'local', config: {} });
        const a = await store.createStackComponent({ name: unique('pa'), type: 'artifact_store', flavor: 'local', config: {} });
        assert.equal((await store.getStackComponent('orchestrator', o.id.slice(0, 8))).id, o.id);
        await notFound(store.getStackComponent('artifact_store', o.id.slice(0, 8)), new RegExp(o.id.slice(0, 8)));
        const stack = await store.createStack({ name: unique('ps'), components: { orchestrator: o.id, artifact_store: a.id } });
        assert.equal((await store.getStack(stack.id.slice(0, 8))).id, stack.id);
        await notFound(store.getRun('0000zzzz'), /0000zzzz/);
      });

      test('artifacts and versions: a plain name is exact, expressions and sortBy apply, a version id prefix resolves', async () => {
        const p = unique('art');
        await store.createArtifactVersion(newVersion(`${p}::split_data::test`));
        await store.createArtifactVersion(newVersion(`${p}::data_`));
        // Timestamps have millisecond resolution: keep `second` strictly newest for desc:created.
        await new Promise((resolve) => setTimeout(resolve, 5));
        const second = await store.createArtifactVersion(newVersion(`${p}::data_`));
        assert.deepEqual(await names(store.listArtifacts({ name: `${p}::data_` })), [`${p}::data_`]);
        assert.deepEqual(await names(store.listArtifacts({ name: `${p}::data` })), [], 'a plain value is not a substring');
        assert.deepEqual(await names(store.listArtifacts({ name: `contains:${p}::`, sortBy: 'asc:name' })), [`${p}::data_`, `${p}::split_data::test`]);
        assert.deepEqual(await names(store.listArtifacts({ name: `endswith:data_` })).then((n) => n.filter((x) => x.startsWith(p))), [`${p}::data_`]);
        const versions = await store.listArtifactVersions({ name: `startswith:${p}::`, sortBy: 'desc:created', size: 2 });
        assert.equal(versions.total, 3);
        assert.equal(versions.items[0].id, second.id);
        assert.equal((await store.listArtifactVersions({ name: `${p}::data_` })).total, 2, 'a plain name keeps the one-artifact listing');
        assert.equal((await store.getArtifactVersion(second.id.slice(0, 8))).id, second.id);
        assert.equal((await store.getArtifact(second.artifactId.slice(0, 8))).name, `${p}::data_`);
      });

      test('an ambiguous id prefix is an error naming the matches; a name wins over a prefix', async () => {
        const shared = randomUUID().slice(0, 8);
        const ids = [`${shared}-0000-4000-8000-${randomUUID().slice(-12)}`, `${shared}-1111-4000-8000-${randomUUID().slice(-12)}`];
        const first = await store.createSecret({ id: ids[0], name: unique('amb1'), keys: [], private: false, backend: 'sql' });
        const second = await store.createSecret({ id: ids[1], name: unique('amb2'), keys: [], private: false, backend: 'sql' });
        await assert.rejects(store.getSecret(shared), (error: Error) => {
          assert.equal(error.name, 'UsageError', error.message);
          assert.match(error.message, new RegExp(first.name));
          assert.match(error.message, new RegExp(second.name));
          return true;
        });
        assert.equal((await store.getSecret(`${shared}-0`)).id, ids[0]);
        const named = await store.createSecret({ name: shared, keys: [], private: false, backend: 'sql' });
        assert.equal((await store.getSecret(shared)).id, named.id);
      });
    });

    describe('stacks and components', () => {
      test('components: create, get by name or id, list by type, update, unique per type and name', async () => {
        const componentName = unique('orch');
        const component = await store.createStackComponent({ name: componentName, type: 'orchestrator', flavor: 'local', config: { maxParallelism: 2 } });
        assert.equal((await store.getStackComponent('orchestrator', componentName)).id, component.id);
        assert.deepEqual((await store.getStackComponent('orchestrator', component.id)).config, { maxParallelism: 2 });
        await alreadyExists(store.createStackComponent({ name: componentName, type: 'orchestrator', flavor: 'local', config: {} }), new RegExp(componentName));
        // The same name under another type is fine.
        await store.createStackComponent({ name: componentName, type: 'artifact_store', flavor: 'local', config: {} });
        const orchestrators = await store.listStackComponents({ type: 'orchestrator', size: 1000 });
        assert.ok(orchestrators.items.every((c) => c.type === 'orchestrator'));
        assert.ok(orchestrators.items.some((c) => c.id === component.id));
        const updated = await store.updateStackComponent(component.id, { config: { maxParallelism: 4 } });
        assert.deepEqual(updated.config, { maxParallelism: 4 });
        await notFound(store.getStackComponent('orchestrator', 'no-such-component'), /no-such-component/);
      });

      test('stacks: create, get, list, update components, delete', async () => {
        const orchestrator = await store.createStackComponent({ name: unique('o'), type: 'orchestrator', flavor: 'local', config: {} });
        const artifactStore = await store.createStackComponent({ name: unique('a'), type: 'artifact_store', flavor: 'local', config: {} });
        const stackName = unique('stack');
        const stack = await store.createStack({ name: stackName, components: { orchestrator: orchestrator.id, artifact_store: artifactStore.id } });
        assert.deepEqual(stack.components, { orchestrator: orchestrator.id, artifact_store: artifactStore.id });
        assert.deepEqual((await store.getStack(stackName)).components, stack.components);
        await alreadyExists(store.createStack({ name: stackName, components: {} }), new RegExp(stackName));
        assert.ok((await store.listStacks({ size: 1000 })).items.some((s) => s.id === stack.id));
        const other = await store.createStackComponent({ name: unique('o2'), type: 'orchestrator', flavor: 'local', config: {} });
        const updated = await store.updateStack(stack.id, { components: { orchestrator: other.id, artifact_store: artifactStore.id } });
        assert.equal(updated.components.orchestrator, other.id);
        const hydrated = await store.getHydratedStack(stackName);
        assert.deepEqual(hydrated.stack, updated);
        assert.deepEqual(hydrated.components, { orchestrator: other, artifact_store: artifactStore });
        await store.deleteStack(stack.id);
        await notFound(store.getStack(stackName), new RegExp(stackName));
        await notFound(store.getHydratedStack(stackName), new RegExp(stackName));
      });
    });

    identityConformance(() => store);
    describe('schedules', () => {
      async function newSchedule(extra: Partial<NewSchedule> = {}): Promise<ScheduleModel> {
        const pipeline = await store.getOrCreatePipeline(unique('sp'));
        return store.createSchedule({
          name: unique('sched'),
          pipelineId: pipeline.id,
          sourceFile: '/work/pipelines/train.ts',
          sourceExport: 'training',
          runConfig: { parameters: { lr: 0.1 } },
          cronExpression: '0 3 * * *',
          timezone: 'Europe/Paris',
          catchup: false,
          active: true,
          nextFireTime: '2030-01-01T02:00:00.000Z',
          ...extra,
        });
      }

      test('create, get by name, id or prefix, list, update, delete; a name is unique', async () => {
        const schedule = await newSchedule({ startTime: '2029-12-31T00:00:00.000Z', endTime: '2031-01-01T00:00:00.000Z' });
        assert.equal(schedule.sourceExport, 'training');
        assert.deepEqual(schedule.runConfig, { parameters: { lr: 0.1 } });
        assert.equal(schedule.cronExpression, '0 3 * * *');
        assert.equal(schedule.timezone, 'Europe/Paris');
        assert.equal(schedule.startTime, '2029-12-31T00:00:00.000Z');
        assert.equal(schedule.endTime, '2031-01-01T00:00:00.000Z');
        assert.equal(schedule.active, true);
        assert.equal(schedule.catchup, false);
        assert.equal(schedule.lastFired, undefined);
        assert.equal(schedule.nextFireTime, '2030-01-01T02:00:00.000Z');
        assert.ok(schedule.pipelineName.startsWith('sp-'));
        assert.equal((await store.getSchedule(schedule.name)).id, schedule.id);
        assert.equal((await store.getSchedule(schedule.id.slice(0, 8))).id, schedule.id);
        await alreadyExists(newSchedule({ name: schedule.name }), new RegExp(schedule.name));
        const listed = await store.listSchedules({ name: schedule.name });
        assert.deepEqual(listed.items.map((s) => s.id), [schedule.id]);
        assert.ok((await store.listSchedules({ pipeline: schedule.pipelineName })).items.some((s) => s.id === schedule.id));
        const paused = await store.updateSchedule(schedule.name, { active: false, catchup: true });
        assert.equal(paused.active, false);
        assert.equal(paused.catchup, true);
        assert.ok(!(await store.listSchedules({ active: true, size: 1000 })).items.some((s) => s.id === schedule.id));
        const ended = await store.updateSchedule(schedule.id, { clearNextFireTime: true });
        assert.equal(ended.nextFireTime, undefined);
        await store.deleteSchedule(schedule.name);
        await notFound(store.getSchedule(schedule.name), new RegExp(schedule.name));
      });

      test('dueBefore lists active schedules whose next firing has come', async () => {
        const due = await newSchedule({ nextFireTime: '2020-01-01T00:00:00.000Z' });
        const later = await newSchedule({ nextFireTime: '2099-01-01T00:00:00.000Z' });
        const ids = (await store.listSchedules({ active: true, dueBefore: '2021-01-01T00:00:00.000Z', size: 1000 })).items.map((s) => s.id);
        assert.ok(ids.includes(due.id));
        assert.ok(!ids.includes(later.id));
      });

      test('a firing is claimed exactly once, never on a paused schedule', async () => {
        const schedule = await newSchedule({ nextFireTime: '2020-01-01T00:00:00.000Z' });
        const claim = { firing: '2020-01-01T00:00:00.000Z', nextFireTime: '2020-01-02T00:00:00.000Z' };
        const results = await Promise.all([1, 2, 3, 4].map(() => store.claimScheduleFiring(schedule.id, claim)));
        const won = results.filter((r) => r !== undefined);
        assert.equal(won.length, 1);
        assert.equal(won[0]!.lastFired, claim.firing);
        assert.equal(won[0]!.nextFireTime, claim.nextFireTime);
        await store.updateSchedule(schedule.id, { active: false });
        assert.equal(await store.claimScheduleFiring(schedule.id, { firing: claim.nextFireTime }), undefined);
      });

      test('runs record their schedule and filter by it; deleting the schedule keeps the runs', async () => {
        const schedule = await newSchedule();
        const snapshot = await store.createSnapshot({ pipelineId: schedule.pipelineId, spec: { steps: [] } });
        const run = await store.createRun({ name: unique('srun'), pipelineId: schedule.pipelineId, snapshotId: snapshot.id, config: {}, scheduleId: schedule.id });
        await store.createRun({ name: unique('plain'), pipelineId: schedule.pipelineId, snapshotId: snapshot.id, config: {} });
        assert.equal(run.scheduleId, schedule.id);
        assert.deepEqual((await store.listRuns({ scheduleId: schedule.id })).items.map((r) => r.id), [run.id]);
        await store.deleteSchedule(schedule.id);
        assert.equal((await store.getRun(run.id)).scheduleId, undefined);
      });
    });
    describe('pipeline snapshots (run templates)', () => {
      test('create, get by name, id or prefix, list by name and pipeline, delete; a name is unique', async () => {
        const stack = await store.getStack('default');
        const fields = {
          pipelineName: unique('tp'),
          spec: { pipeline: { name: 'tp' }, steps: [{ id: 'one' }] },
          sourceFile: 'pipelines/train.ts',
          sourceExport: 'training',
          runConfig: { parameters: { lr: 0.1 } },
          codeUri: '/tmp/zenml-code/abc.json.gz',
          codeHash: 'a'.repeat(64),
          artifactStoreId: stack.components.artifact_store,
        };
        const template = await store.createRunTemplate({ name: unique('tpl'), description: 'nightly', ...fields });
        assert.equal(template.description, 'nightly');
        assert.deepEqual(template.spec, fields.spec);
        assert.deepEqual(template.runConfig, fields.runConfig);
        assert.equal(template.sourceExport, 'training');
        assert.equal(template.codeHash, fields.codeHash);
        assert.equal((await store.getRunTemplate(template.name)).id, template.id);
        assert.equal((await store.getRunTemplate(template.id.slice(0, 8))).id, template.id);
        await alreadyExists(store.createRunTemplate({ name: template.name, ...fields }), new RegExp(template.name));
        assert.deepEqual((await store.listRunTemplates({ name: template.name })).items.map((t) => t.id), [template.id]);
        assert.deepEqual((await store.listRunTemplates({ pipeline: fields.pipelineName })).items.map((t) => t.id), [template.id]);
        await store.deleteRunTemplate(template.name);
        await notFound(store.getRunTemplate(template.name), new RegExp(template.name));
      });
    });
  });
}
