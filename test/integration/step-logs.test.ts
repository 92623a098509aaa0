// Step logs of in-process runs: captured per step, redacted, stored in the artifact store as
// chunks, readable and followable through the Client while the step runs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { Client, pipeline, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-step-logs-');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const speaker = step({ name: 'speaker' }, async ({ word }: { word: string }) => {
  console.log(`said ${word}`);
  return word.length;
});
const speakers = pipeline({ name: 'speakers' }, ({ word }: { word: string }) => {
  speaker({ word });
});

const quiet = step({ name: 'quiet', enableCache: false }, () => 1);
const quietPipeline = pipeline({ name: 'quiet_pipeline' }, () => {
  quiet();
});

const leaky = step({ name: 'leaky', enableCache: false, secrets: ['api'] }, () => {
  // Split over two writes: the redaction must still see the whole value.
  const token = process.env.API_TOKEN!;
  process.stdout.write(`token=${token.slice(0, 5)}`);
  process.stdout.write(`${token.slice(5)}\n`);
  console.error(`again ${token}`);
  return 0;
});
const leakyPipeline = pipeline({ name: 'leaky_pipeline' }, () => {
  leaky();
});

const waiter = step({ name: 'waiter', enableCache: false }, async ({ gate }: { gate: string }) => {
  console.log('first line');
  for (let i = 0; i < 200 && !existsSync(gate); i++) await sleep(50);
  console.log('second line');
  return 0;
});
const waiting = pipeline({ name: 'waiting' }, ({ gate }: { gate: string }) => {
  waiter({ gate });
});

describe('step logs (in process)', () => {
  test('a cached step run points at the log of the run that computed it', async () => {
    const first = await speakers({ word: 'hello' });
    assert.equal(first.status, 'completed', first.error);
    const second = await speakers({ word: 'hello' });
    assert.equal(second.steps.speaker.status, 'cached');
    const original = first.steps.speaker.stepRun;
    assert.ok(original.logsUri, 'the step run records where its log is');
    assert.equal(second.steps.speaker.stepRun.logsUri, original.logsUri);
    const client = new Client();
    assert.equal(await client.getStepRunLogs(second.steps.speaker.stepRun.id), 'said hello\n');
    const [chunk] = await client.getPipelineRunLogs(second.id);
    assert.equal(chunk.cachedFrom, original.id);
    assert.equal(chunk.text, 'said hello\n');
  });

  test('the log lives in the artifact store under logs/<run id>/', async () => {
    const result = await speakers({ word: 'stored' });
    const root = await box.artifactRoot();
    const folder = result.steps.speaker.stepRun.logsUri!;
    assert.ok(folder.startsWith(join(root, 'logs', result.id)), folder);
    assert.match(readdirSync(folder).join(','), /^000001-\d+\.log$/);
  });

  test('a step that prints nothing writes nothing', async () => {
    const result = await quietPipeline();
    assert.equal(result.status, 'completed', result.error);
    assert.equal(existsSync(result.steps.quiet.stepRun.logsUri!), false);
    assert.equal(await new Client().getStepRunLogs(result.steps.quiet.stepRun.id), '');
  });

  test("the step's secret values are redacted from the stored log", async () => {
    const value = 'hunter2-very-secret-token';
    await new Client().createSecret('api', { token: value });
    const result = await leakyPipeline();
    assert.equal(result.status, 'completed', result.error);
    const log = await new Client().getStepRunLogs(result.steps.leaky.stepRun.id);
    assert.equal(log.includes(value), false, log);
    assert.equal(log.includes('hunter2'), false, log);
    assert.match(log, /token=\*\*\*\*\n/);
    assert.match(log, /again \*\*\*\*\n/);
  });

  test('following a run shows output while the step runs, then ends with the run', async () => {
    const gate = join(box.sandbox.dir, 'gate');
    const running = waiting({ gate });
    const client = new Client();
    let runId: string | undefined;
    for (let i = 0; i < 100 && !runId; i++, await sleep(50)) runId = (await client.listPipelineRuns({ pipeline: 'waiting' }).catch(() => ({ items: [] }))).items[0]?.id;
    assert.ok(runId, 'the run started');
    const seen: string[] = [];
    for await (const chunk of client.streamPipelineRunLogs(runId, { follow: true, pollMs: 50 })) {
      seen.push(chunk.text);
      if (chunk.text.includes('first line')) {
        // The step is still waiting for the gate: this output came while it ran.
        assert.equal((await client.getRunStep(chunk.stepRunId)).status, 'running');
        writeFileSync(gate, '');
      }
    }
    assert.equal(seen.join(''), 'first line\nsecond line\n');
    assert.equal((await running).status, 'completed');
  });

  test('ZENML_DISABLE_STEP_LOGS_STORAGE turns storing off', async () => {
    process.env.ZENML_DISABLE_STEP_LOGS_STORAGE = 'true';
    try {
      const result = await speakers({ word: 'unstored' });
      assert.equal(result.steps.speaker.stepRun.logsUri, undefined);
      assert.equal(await new Client().getStepRunLogs(result.steps.speaker.stepRun.id), '');
    } finally {
      delete process.env.ZENML_DISABLE_STEP_LOGS_STORAGE;
    }
  });
});
