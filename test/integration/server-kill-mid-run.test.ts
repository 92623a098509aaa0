// The server dies (SIGKILL) while a client's run is in a step: the client's run fails with one
// clear line and a non-zero exit; once the server is back on its port, `zenml pipeline runs
// resume` finishes the run, and the store holds nothing half-written: each step completed
// once, and every artifact version has a completed producer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';
import { loginAs, startDaemon, tokenFor, type DaemonServer } from '../helpers/server-daemon.js';

const PASSWORD = 'kill-admin-pw-1';
const PIPELINE = `
import { existsSync, writeFileSync } from 'node:fs';
import { step, pipeline } from 'zenml';
const first = step({ name: 'first' }, () => 1);
const slow = step({ name: 'slow' }, async ({ x }: { x: number }) => {
  writeFileSync(process.env.STARTED_FILE!, 'started');
  while (!existsSync(process.env.GO_FILE!)) await new Promise((resolve) => setTimeout(resolve, 50));
  return x + 1;
});
const last = step({ name: 'last' }, ({ y }: { y: number }) => y + 1);
export const killable = pipeline({ name: 'killable', enableCache: false }, () => { last({ y: slow({ x: first() }) }); });
`;

let serverBox: Sandbox;
let user: Sandbox;
let server: DaemonServer;

before(async () => {
  serverBox = createSandbox('zenml-kill-server-');
  user = createSandbox('zenml-kill-user-');
  server = await startDaemon(serverBox, { password: PASSWORD });
  assert.equal((await loginAs(user, server.url, 'default', PASSWORD)).code, 0);
  user.write('killable.ts', PIPELINE);
});

after(async () => {
  await server?.kill();
  serverBox?.cleanup();
  user?.cleanup();
});

async function waitFor(path: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a run whose server is killed mid-step fails in one line, and resumes to completion after a restart', { timeout: 150_000 }, async () => {
  const started = join(user.dir, 'started');
  const go = join(user.dir, 'go');
  const running = runCli(['pipeline', 'run', 'killable.ts'], { sandbox: user, env: { STARTED_FILE: started, GO_FILE: go } });
  await waitFor(started);
  await server.kill('SIGKILL');
  writeFileSync(go, 'go');
  const failed = await running;
  assert.notEqual(failed.code, 0, failed.stdout);
  const errorLines = failed.stderr.split('\n').filter((line) => /error/i.test(line));
  assert.equal(errorLines.length, 1, failed.stderr);
  assert.match(errorLines[0], new RegExp(`ZenML server at ${server.url.replaceAll('.', '\\.')} .*(unreachable|cannot reach)|Cannot reach the ZenML server at ${server.url.replaceAll('.', '\\.')}`, 'i'));

  // The same server again, on the same port, from the same config dir and database.
  const port = new URL(server.url).port;
  server = await startDaemon(serverBox, { password: PASSWORD, port: Number(port) });
  const runs = await runCli(['pipeline', 'runs', 'list', '--pipeline', 'killable', '--json'], { sandbox: user });
  assert.equal(runs.code, 0, runs.stderr);
  const [broken] = runs.json<{ items: Array<{ id: string; name: string; status: string }> }>().items;
  const resumed = await runCli(['pipeline', 'runs', 'resume', broken.name, '--json'], { sandbox: user, env: { STARTED_FILE: started, GO_FILE: go } });
  assert.equal(resumed.code, 0, resumed.stderr + resumed.stdout);
  const result = resumed.json<{ id: string; status: string }>();
  assert.equal(result.status, 'completed');

  // Nothing half-written: read the store through the server as the admin.
  const token = await tokenFor(server.url, { username: 'default', password: PASSWORD });
  const api = async (path: string) => {
    const response = await fetch(`${server.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200, path);
    return response.json() as Promise<any>;
  };
  const original = await api(`/runs/${broken.id}`);
  assert.equal(original.status, 'failed', 'the killed run is failed, not left running');
  const originalSteps: Array<{ id: string; invocationId: string; status: string }> = await api(`/runs/${broken.id}/steps`);
  assert.deepEqual(originalSteps.filter((s) => s.status === 'completed').map((s) => s.invocationId), ['first']);
  const resumedSteps: Array<{ id: string; invocationId: string; status: string }> = await api(`/runs/${result.id}/steps`);
  const done = (invocation: string) => [...originalSteps, ...resumedSteps].filter((s) => s.invocationId === invocation && s.status === 'completed').length;
  assert.deepEqual(['first', 'slow', 'last'].map(done), [1, 1, 1], 'each step completed exactly once across both runs');
  assert.ok(resumedSteps.some((s) => s.invocationId === 'first' && s.status === 'cached'), 'the resumed run reused first');

  const versions: { items: Array<{ id: string; producerStepRunId?: string }> } = await api('/artifact_versions?size=100');
  for (const version of versions.items) {
    assert.ok(version.producerStepRunId, `version ${version.id} has a producer`);
    const producer = await api(`/steps/${version.producerStepRunId}`);
    assert.equal(producer.status, 'completed', `the producer of version ${version.id} completed`);
  }
  assert.equal(versions.items.length, 3, 'one output per step: first, slow, last');
});
