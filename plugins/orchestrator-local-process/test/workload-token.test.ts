// Through a real server daemon: a step process of the local_process orchestrator reaches the
// store with a run-scoped workload token, never the user's own session, and that token cannot
// read another run.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createSandbox, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { loginAs, startDaemon, type DaemonServer } from '../../../test/helpers/server-daemon.js';

// The step reports what it holds, never the token itself: its claims, whether any variable of
// its env is the session the user's login kept, and what the server answers it for another run.
const PIPELINE = `
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { step, pipeline } from 'zenml';
const probe = step({ name: 'probe' }, async () => {
  const token = process.env.ZENML_STORE_API_TOKEN ?? '';
  const claims = token ? JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) : {};
  const session = readFileSync(join(process.env.ZENML_CONFIG_DIR, 'credentials.yaml'), 'utf8');
  const userSessionInEnv = Object.values(process.env).some((value) => value && value.length > 60 && session.includes(value));
  const other = await fetch(process.env.ZENML_STORE_URL + '/api/v1/runs/' + process.env.OTHER_RUN_ID, { headers: { authorization: 'Bearer ' + token } });
  return { kind: claims.kind ?? null, runId: claims.run_id ?? null, admin: claims.admin ?? null, userSessionInEnv, passwordInEnv: 'ZENML_DEFAULT_USER_PASSWORD' in process.env, otherRunStatus: other.status };
});
export const probing = pipeline({ name: 'probing', enableCache: false }, () => { probe(); });
`;
const PLAIN = `
import { step, pipeline } from 'zenml';
const one = step({ name: 'one' }, () => 1);
export const plain = pipeline({ name: 'plain', enableCache: false }, () => { one(); });
`;

let server: DaemonServer;
let serverBox: Sandbox;
let user: Sandbox;

before(async () => {
  serverBox = createSandbox('zenml-workload-server-');
  user = createSandbox('zenml-workload-user-');
  server = await startDaemon(serverBox, { password: 'workload-admin-pw' });
  assert.equal((await loginAs(user, server.url, 'default', 'workload-admin-pw')).code, 0);
  user.write('probing.ts', PIPELINE);
  user.write('plain.ts', PLAIN);
});

after(async () => {
  await server?.kill();
  serverBox?.cleanup();
  user?.cleanup();
});

test('a step process gets a workload token for its own run only, and no user credentials', { timeout: 120_000 }, async () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { sandbox: user, env });
  const other = await cli(['pipeline', 'run', 'plain.ts', '--json']);
  assert.equal(other.code, 0, other.stderr);
  const otherRun = other.json<{ id: string }>();

  const registered = await cli(['orchestrator', 'register', 'procs', '--flavor', 'local_process']);
  assert.equal(registered.code, 0, registered.stderr);
  assert.equal((await cli(['stack', 'register', 'procs_stack', '-o', 'procs', '-a', 'default', '--set'])).code, 0);
  // The CLI itself runs with the admin password in its env too: the step must not inherit it.
  const probed = await cli(['pipeline', 'run', 'probing.ts', '--json'], { OTHER_RUN_ID: otherRun.id, ZENML_DEFAULT_USER_PASSWORD: 'workload-admin-pw' });
  assert.equal(probed.code, 0, probed.stderr + probed.stdout);
  const run = probed.json<{ id: string; status: string }>();
  assert.equal(run.status, 'completed');

  const seen = await cli(['artifact', 'inspect', 'probing::probe::output', '--load', '--json']);
  assert.equal(seen.code, 0, seen.stderr);
  assert.deepEqual(seen.json().value, { kind: 'workload', runId: run.id, admin: false, userSessionInEnv: false, passwordInEnv: false, otherRunStatus: 403 });
});
