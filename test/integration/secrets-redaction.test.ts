// Every string that leaves a step is redacted of the run's secret values: errors of any type
// (strings and objects, not only Error), logMetadata values (any target), output tags and
// metadata, saveArtifact tags, step logs, the terminal, run names and tags.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Client, getStepContext, logMetadata, pipeline, saveArtifact, step } from '../../src/index.js';
import { sdkSandbox } from './sdk-sandbox.js';

const box = sdkSandbox('zenml-redaction-');
const VALUE = `canary-${randomUUID()}`;
const password = () => process.env.DB_PASSWORD!;

const throwsString = step({ name: 'throws_string', enableCache: false, secrets: ['db'], retry: { maxRetries: 1, delayMs: 0 } }, () => {
  throw `bad password ${password()}`;
});
const throwsObject = step({ name: 'throws_object', enableCache: false, secrets: ['db'] }, () => {
  const pw = password();
  throw { detail: `pw ${pw}`, toString: () => `object with ${pw}` };
});
const throwsNested = step({ name: 'throws_nested', enableCache: false, secrets: ['db'] }, () => {
  throw new Error('outer', { cause: new AggregateError([new Error(`inner ${password()}`)], 'aggregate') });
});
const logsEverything = step({ name: 'logs_everything', enableCache: false, secrets: ['db'] }, async () => {
  const pw = password();
  await logMetadata({ metadata: { pw, nested: { list: [`x-${pw}-y`] }, [`key-${pw}`]: 1 } });
  await logMetadata({ metadata: { run_pw: pw }, runIdNameOrPrefix: getStepContext().pipelineRun.id });
  getStepContext().addOutputMetadata({ out_pw: pw });
  getStepContext().addOutputTags([`tag-${pw}`]);
  await saveArtifact(1, 'redaction_saved', { tags: [`saved-${pw}`], metadata: { saved_pw: pw } });
  console.log(`printed ${pw}`);
  console.error(`warned ${pw}`);
  return 1;
});

const single = (s: any) => pipeline({ name: `redact_${s.name}` }, () => {
  s();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

/** Runs `body` with what it writes to stdout and stderr recorded instead of printed. */
async function recordingOutput<T>(body: () => Promise<T>): Promise<{ result: T; output: string }> {
  const writes = { out: process.stdout.write, err: process.stderr.write };
  let output = '';
  const record = (chunk: unknown, ...rest: unknown[]) => {
    output += String(chunk);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  };
  process.stdout.write = record as typeof process.stdout.write;
  process.stderr.write = record as typeof process.stderr.write;
  try {
    return { result: await body(), output };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}

describe('redaction of secret values in everything a step emits', () => {
  before(async () => {
    await new Client().createSecret('db', { password: VALUE });
  });

  test('a thrown string: the stored error, each attempt and the log show ****', async () => {
    const run = await single(throwsString)();
    assert.equal(run.status, 'failed');
    const stepRun = run.steps.throws_string.stepRun;
    assert.equal(stepRun.error, 'bad password ****');
    assert.match(run.error ?? '', /bad password \*\*\*\*/);
    const metadata = JSON.stringify(await new Client().getRunMetadata('step_run', stepRun.id));
    assert.match(metadata, /attempt_1/);
    assert.ok(!metadata.includes(VALUE), metadata);
    const logs = await new Client().getStepRunLogs(stepRun.id);
    assert.match(logs, /bad password \*\*\*\*/);
    assert.ok(!logs.includes(VALUE));
  });

  test('a thrown object and an Error whose cause holds the value', async () => {
    const object = await single(throwsObject)();
    assert.equal(object.steps.throws_object.stepRun.error, 'object with ****');
    const nested = await single(throwsNested)();
    assert.equal(nested.status, 'failed');
    const logs = await new Client().getStepRunLogs(nested.steps.throws_nested.stepRun.id);
    assert.ok(!logs.includes(VALUE));
  });

  test('logMetadata (step and run), output metadata and tags, saveArtifact, logs and terminal output', async () => {
    const { result: run, output } = await recordingOutput(() => single(logsEverything)());
    assert.equal(run.status, 'completed', run.error);
    const client = new Client();
    const stepMetadata = await client.getRunMetadata('step_run', run.steps.logs_everything.stepRun.id);
    assert.equal(stepMetadata.pw.value, '****');
    assert.deepEqual(stepMetadata.nested.value, { list: ['x-****-y'] });
    assert.ok('key-****' in stepMetadata);
    assert.equal((await client.getRunMetadata('pipeline_run', run.id)).run_pw.value, '****');
    const output_ = await client.getArtifactVersion('redact_logs_everything::logs_everything::output');
    assert.ok(output_.tags.includes('tag-****'), output_.tags.join());
    assert.equal((await client.getRunMetadata('artifact_version', output_.id)).out_pw.value, '****');
    const saved = await client.getArtifactVersion('redaction_saved');
    assert.ok(saved.tags.includes('saved-****'), saved.tags.join());
    assert.equal((await client.getRunMetadata('artifact_version', saved.id)).saved_pw.value, '****');
    const logs = await client.getStepRunLogs(run.steps.logs_everything.stepRun.id);
    assert.match(logs, /printed \*\*\*\*\n/);
    assert.match(logs, /warned \*\*\*\*\n/);
    assert.match(output, /printed \*\*\*\*/);
    assert.ok(!output.includes(VALUE), 'the terminal never shows the value');
  });

  test('with step logs turned off, the terminal still shows ****', async () => {
    process.env.ZENML_DISABLE_STEP_LOGS_STORAGE = '1';
    try {
      const { result: run, output } = await recordingOutput(() => single(logsEverything)());
      assert.equal(run.status, 'completed', run.error);
      assert.match(output, /printed \*\*\*\*/);
      assert.ok(!output.includes(VALUE));
    } finally {
      delete process.env.ZENML_DISABLE_STEP_LOGS_STORAGE;
    }
  });

  test('a run name and tags holding a value of a secret the run uses', async () => {
    const run = await single(logsEverything).withOptions({ runName: `deploy-${VALUE}`, tags: [`t-${VALUE}`] })();
    assert.equal(run.status, 'completed', run.error);
    assert.equal(run.name, 'deploy-****');
    const stored = await new Client().getPipelineRun(run.id);
    assert.deepEqual(stored.tags, ['t-****']);
  });

  test('no file in the sandbox (store, WAL, artifacts, logs) holds the value', async () => {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    const files = filesUnder(box.sandbox.dir);
    assert.ok(files.some((file) => file.endsWith('.db')));
    const holding = files.filter((file) => readFileSync(file).includes(Buffer.from(VALUE)));
    assert.deepEqual(holding, []);
  });
});
