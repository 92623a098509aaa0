// RELIABILITY (slow, ~1-2 min): 20 runs on 3 workers, a worker SIGKILLed at a random moment
// of each run (and replaced): every step of every run completes, and exactly once.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redisGate } from '../../../test/helpers/redis.js';
import { teamOnWorkers } from './workers.js';

const PIPELINE = `
import { step, pipeline } from 'zenml';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const work = step({ name: 'work' }, async ({ i, x }: { i: number; x?: number }) => { await sleep(50 + Math.random() * 250); return (x ?? 0) + i; });
export const chain = pipeline({ name: 'reliability' }, () => {
  const a = work({ i: 1 }, { id: 'a' });
  const b = work({ i: 2, x: a }, { id: 'b' });
  const c = work({ i: 3, x: a }, { id: 'c' });
  work({ i: 4, x: b }, { id: 'd', after: ['c'] });
});
`;
const RUNS = 20;

const gate = redisGate();
describe('bullmq reliability: a worker SIGKILLed during each of 20 runs', { skip: gate.skip }, () => {
  const suite = teamOnWorkers({ queue: 'reliability', count: 3, concurrency: 2, files: { 'chain.ts': PIPELINE } });

  // Generous: the bound is for a hang, not speed (workers start slowly on a loaded machine).
  test('0 lost steps, 0 duplicated completions', { timeout: 300_000 }, async () => {
    const { Client } = await import('zenml');
    const client = new Client();
    const { workers } = suite;
    const file = `${suite.sandbox.cwd}/chain.ts`;
    const runIds: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await client.runPipelineFile(file, { stack: 'team', detach: true, enableCache: false, runName: `reliability-${i}` });
      runIds.push(run.id);
      // A random moment within the run's ~1 s of steps: kill a random worker, start another.
      await new Promise((r) => setTimeout(r, Math.random() * 900));
      const victim = workers.processes[Math.floor(Math.random() * workers.processes.length)];
      await workers.kill(victim.pid!, 'SIGKILL');
      await workers.add();
    }
    const deadline = Date.now() + 120_000;
    let lost = 0;
    let duplicated = 0;
    for (const id of runIds) {
      let run = await client.getPipelineRun(id);
      while (['running', 'initializing', 'retrying'].includes(run.status) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        run = await client.getPipelineRun(id);
      }
      assert.equal(run.status, 'completed', `${run.name}: ${run.statusReason}`);
      const stepRuns = (await client.listRunSteps({ pipelineRunId: id })).items;
      for (const stepId of ['a', 'b', 'c', 'd']) {
        const completed = stepRuns.filter((s) => s.invocationId === stepId && s.status === 'completed');
        if (completed.length === 0) lost++;
        if (completed.length > 1 || stepRuns.filter((s) => s.invocationId === stepId).length > 1) duplicated++;
      }
      const versions = (await client.listArtifactVersions({ size: 1000 } as never)).items.filter((v) => v.producerRunId === id);
      assert.equal(versions.length, 4, `${run.name}: one output version per step`);
    }
    assert.equal(lost, 0, 'lost steps');
    assert.equal(duplicated, 0, 'duplicated completions');
  });
});
