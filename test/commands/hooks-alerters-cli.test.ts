// Hooks, alerters and execution modes through the CLI, on local_process (each step in its own
// process: hooks are found there by reference), with the webhook alerter posting to a local
// HTTP server this test starts and a URL kept in a secret.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

const PIPELINE = `
import { step, pipeline, getStepContext, alerterFailureHook } from 'zenml';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const notify = step({ name: 'notify', enableCache: false }, async () => {
  const alerter = await getStepContext().stack?.alerter();
  return alerter!.post('hello from a step', { title: 'Hi' });
});
const bad = step({ name: 'bad', enableCache: false, onFailure: alerterFailureHook }, async () => {
  await pause(400);
  throw new Error('bad data');
});
const slow = step({ name: 'slow', enableCache: false }, async () => { await pause(2500); return 1; });
const afterSlow = step({ name: 'after_slow', enableCache: false }, ({ x }: { x: number }) => x);
export const alerting = pipeline({ name: 'alerting', settings: { orchestrator: { maxParallelism: 3 } } }, () => {
  notify();
  bad();
  afterSlow({ x: slow() });
});
`;

// bad fails as soon as its process runs; slow would take 30 s unless stopped.
const FAIL_FAST = `
import { step, pipeline } from 'zenml';
const bad = step({ name: 'bad', enableCache: false }, () => { throw new Error('bad data'); });
const slow = step({ name: 'slow', enableCache: false }, async () => { await new Promise((resolve) => setTimeout(resolve, 30_000)); return 1; });
const afterSlow = step({ name: 'after_slow', enableCache: false }, ({ x }: { x: number }) => x);
export const failing = pipeline({ name: 'failing_fast', settings: { orchestrator: { maxParallelism: 2 } } }, () => {
  afterSlow({ x: slow() });
  bad();
});
`;

const HOOKS = `
import { appendFileSync } from 'node:fs';
export function succeeded(context: { invocationId: string }) { appendFileSync(process.env.HOOK_MARKS!, 'success:' + context.invocationId + '\\n'); }
export function cleanup(context: { status: string }) { appendFileSync(process.env.HOOK_MARKS!, 'cleanup:' + context.status + '\\n'); }
`;

interface Received {
  path: string;
  body: Record<string, unknown>;
}

describe('hooks, alerters and execution modes (CLI, local_process)', () => {
  let sandbox: Sandbox;
  let server: Server;
  const received: Received[] = [];
  let marks: string;
  const cli = (...args: string[]) => runCli(args, { sandbox, env: { ...sandbox.env, HOOK_MARKS: marks }, timeoutMs: 120_000 });

  before(async () => {
    sandbox = createSandbox('zenml-hooks-cli-');
    marks = join(sandbox.dir, 'marks.txt');
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body: JSON.parse(text) });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    sandbox.write('alerting.ts', PIPELINE);
    sandbox.write('hooks.ts', HOOKS);
    sandbox.write('failfast.ts', FAIL_FAST);
    sandbox.write('run.yaml', 'on_success: hooks.ts:succeeded\non_cleanup: hooks.ts:cleanup\n');
    sandbox.write('failfast.yaml', 'execution_mode: FAIL_FAST\n');
    for (const args of [
      ['secret', 'create', 'alert_hook', `--url=http://127.0.0.1:${port}/alerts/s3cr3t-token`],
      ['alerter', 'register', 'hooky', '--flavor', 'webhook', '--url={{alert_hook.url}}'],
      ['orchestrator', 'register', 'procs', '--flavor', 'local_process'],
      ['stack', 'register', 'alert_stack', '-o', 'procs', '-a', 'default', '--alerter', 'hooky', '--set'],
    ]) {
      const result = await cli(...args);
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    }
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    sandbox?.cleanup();
  });

  test('the alerter keeps the secret reference, not the URL', async () => {
    const described = (await cli('alerter', 'describe', 'hooky', '--json')).json();
    assert.equal(described.flavor, 'webhook');
    assert.equal(described.config.url, '{{alert_hook.url}}');
  });

  test('default continueOnFailure: independent steps run; the failure hook and a step post through the webhook; YAML hooks run in the step processes', async () => {
    const result = await cli('pipeline', 'run', 'alerting.ts', '--config', 'run.yaml', '--json');
    assert.equal(result.code, 1, result.stderr);
    const run = result.json();
    const statuses = Object.fromEntries(Object.entries(run.steps).map(([id, s]: [string, any]) => [id, s.status]));
    assert.deepEqual(statuses, { notify: 'completed', bad: 'failed', slow: 'completed', after_slow: 'completed' });
    const hello = received.find((r) => r.body.message === 'hello from a step');
    assert.ok(hello, JSON.stringify(received));
    assert.equal(hello.path, '/alerts/s3cr3t-token');
    assert.deepEqual({ title: hello.body.title, pipeline: hello.body.pipeline, run: hello.body.run, step: hello.body.step }, { title: 'Hi', pipeline: 'alerting', run: run.name, step: 'notify' });
    const failure = received.find((r) => String(r.body.message).includes('Step failed'));
    assert.ok(failure, JSON.stringify(received));
    assert.equal(failure.body.step, 'bad');
    assert.match(String(failure.body.message), /Exception: `\(Error\) bad data`/);
    const lines = readFileSync(marks, 'utf8').trim().split('\n').sort();
    assert.deepEqual(lines, ['cleanup:failed', 'success:after_slow', 'success:notify', 'success:slow']);
  });

  test('execution_mode FAIL_FAST in the run config stops the running step and skips the rest', async () => {
    const started = Date.now();
    const result = await cli('pipeline', 'run', 'failfast.ts', '--config', 'failfast.yaml', '--json');
    assert.equal(result.code, 1, result.stderr);
    const run = result.json();
    assert.equal(run.steps.bad.status, 'failed');
    assert.equal(run.steps.slow.status, 'stopped', result.stderr + JSON.stringify(run.steps.slow));
    assert.equal(run.steps.after_slow.status, 'skipped');
    assert.ok(Date.now() - started < 30_000, 'the run waited for the running step');
    const described = (await cli('pipeline', 'runs', 'describe', run.id, '--json')).json();
    assert.equal(described.status, 'failed');
  });

  test('a bad execution mode or hook reference in the run config is one line, exit 2', async () => {
    sandbox.write('bad-mode.yaml', 'execution_mode: SOMETIMES\n');
    sandbox.write('bad-hook.yaml', 'on_failure: hooks.ts\n');
    for (const file of ['bad-mode.yaml', 'bad-hook.yaml']) {
      const result = await cli('pipeline', 'run', 'alerting.ts', '--config', file);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
    assert.ok(existsSync(marks));
  });
});
