// A team on one server, end to end through the real CLI: a daemon started from its own config
// dir; the admin (dir B) creates a member and a service account; the member (dir C) runs the
// quickstart against the server; the admin sees the run and who ran it; a colleague (dir D)
// never sees the member's private secret; CI lists runs with only ZENML_STORE_URL and
// ZENML_STORE_API_KEY; a deactivated key gets one line saying to log in again; logout returns
// to the local store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, REPO_ROOT, runCli, type CliResult, type Sandbox } from '../helpers/sandbox.js';
import { loginAs, startDaemon, type DaemonServer } from '../helpers/server-daemon.js';

const ADMIN_PASSWORD = 'team-admin-pw-1';
const ADA_PASSWORD = 'ada-pw-123456';
const BOB_PASSWORD = 'bob-pw-123456';
const SECRET_VALUE = 'ada-only-7f3c9b1e';
const QUICKSTART = join(REPO_ROOT, 'examples', 'quickstart', 'pipeline.ts');

const sandboxes: Sandbox[] = [];
const sandbox = (prefix: string) => {
  const created = createSandbox(prefix);
  sandboxes.push(created);
  return created;
};
/** Every CLI output of the test but ada's own reveal: the secret value must be in none of them. */
const outputs: CliResult[] = [];
const cli = async (box: Sandbox, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) => {
  const result = await runCli(args, { sandbox: box, ...options });
  outputs.push(result);
  return result;
};

let server: DaemonServer;
let admin: Sandbox;
let ada: Sandbox;
let bob: Sandbox;
let apiKey: string;
let adaId: string;
let adaRun: { id: string; name: string; status: string };

before(async () => {
  server = await startDaemon(sandbox('zenml-team-server-'), { password: ADMIN_PASSWORD });
  admin = sandbox('zenml-team-admin-');
  ada = sandbox('zenml-team-ada-');
  bob = sandbox('zenml-team-bob-');
});

after(async () => {
  await server?.kill();
  for (const box of sandboxes) box.cleanup();
});

test('the admin logs in, creates a member, a colleague and a service account with an API key', async () => {
  const login = await loginAs(admin, server.url, 'default', ADMIN_PASSWORD);
  assert.equal(login.code, 0, login.stderr);
  const created = await cli(admin, ['user', 'create', 'ada', '--password-stdin', '--json'], { input: ADA_PASSWORD });
  assert.equal(created.code, 0, created.stderr);
  adaId = created.json<{ id: string }>().id;
  assert.equal((await cli(admin, ['user', 'create', 'bob', '--password-stdin'], { input: BOB_PASSWORD })).code, 0);
  const account = await cli(admin, ['service-account', 'create', 'ci', '--json']);
  assert.equal(account.code, 0, account.stderr);
  apiKey = account.json<{ key: string }>().key;
  assert.match(apiKey, /\S{20,}/);
});

test('ada logs in from her own config dir and runs the quickstart against the server', { timeout: 120_000 }, async () => {
  assert.equal((await loginAs(ada, server.url, 'ada', ADA_PASSWORD)).code, 0);
  const run = await cli(ada, ['pipeline', 'run', QUICKSTART, '--json'], { cwd: REPO_ROOT });
  assert.equal(run.code, 0, run.stderr);
  adaRun = run.json();
  assert.equal(adaRun.status, 'completed');
  // Nothing of the run landed in ada's local store: it lives on the server.
  assert.ok(!existsSync(join(ada.env.ZENML_DATA_DIR!, 'zenml.db')) || !readFileSync(join(ada.env.ZENML_DATA_DIR!, 'zenml.db')).includes(adaRun.id));
});

test("the admin sees ada's run and that ada owns it", async () => {
  const runs = await cli(admin, ['pipeline', 'runs', 'list', '--json']);
  assert.equal(runs.code, 0, runs.stderr);
  const items = runs.json<{ items: Array<{ id: string; owner?: string }> }>().items;
  const seen = items.find((item) => item.id === adaRun.id);
  assert.ok(seen, `the admin's list has ada's run: ${runs.stdout}`);
  assert.equal(seen.owner, adaId);
});

test("ada's private secret: she reads it; bob never sees its name or value; the admin's output never has the value", async () => {
  const created = await cli(ada, ['secret', 'create', 'ada-token', `--token=${SECRET_VALUE}`, '--private']);
  assert.equal(created.code, 0, created.stderr);
  const revealed = await runCli(['secret', 'get', 'ada-token', '--reveal', '--json'], { sandbox: ada });
  assert.equal(revealed.code, 0, revealed.stderr);
  assert.equal(revealed.json().values.token, SECRET_VALUE);

  assert.equal((await loginAs(bob, server.url, 'bob', BOB_PASSWORD)).code, 0);
  const listed = await cli(bob, ['secret', 'list', '--json']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.ok(!listed.stdout.includes('ada-token'), listed.stdout);
  const read = await cli(bob, ['secret', 'get', 'ada-token', '--reveal']);
  assert.notEqual(read.code, 0);
  assert.match(read.stderr, /no secret|not found/i);
  assert.equal((await cli(admin, ['secret', 'list', '--json'])).code, 0);

  for (const output of outputs) {
    assert.ok(!output.stdout.includes(SECRET_VALUE) && !output.stderr.includes(SECRET_VALUE), 'the value leaked into an output');
  }
  const logDir = join(server.sandbox.configDir, 'server');
  for (const file of readdirSync(logDir)) assert.ok(!readFileSync(join(logDir, file)).includes(SECRET_VALUE), `the value is in the server's ${file}`);
});

test('CI: only ZENML_STORE_URL and ZENML_STORE_API_KEY, no login and no config file written', async () => {
  const ci = sandbox('zenml-team-ci-');
  const env = { ZENML_STORE_URL: server.url, ZENML_STORE_API_KEY: apiKey };
  const runs = await cli(ci, ['pipeline', 'runs', 'list', '--json'], { env });
  assert.equal(runs.code, 0, runs.stderr);
  assert.ok(runs.json<{ items: Array<{ id: string }> }>().items.some((item) => item.id === adaRun.id));
  const written = existsSync(ci.configDir) ? readdirSync(ci.configDir) : [];
  assert.deepEqual(written, [], 'CI wrote nothing into its config dir');

  const deactivated = await cli(admin, ['service-account', 'api-key', 'deactivate', 'ci', 'default']);
  assert.equal(deactivated.code, 0, deactivated.stderr);
  const refused = await cli(ci, ['pipeline', 'runs', 'list'], { env });
  assert.notEqual(refused.code, 0);
  const lines = refused.stderr.trim().split('\n');
  assert.equal(lines.length, 1, refused.stderr);
  assert.match(lines[0], /log in again|zenml login .* again/i);
});

test('logout returns to the local store', async () => {
  const out = await cli(ada, ['logout']);
  assert.equal(out.code, 0, out.stderr);
  const runs = await cli(ada, ['pipeline', 'runs', 'list', '--json']);
  assert.equal(runs.code, 0, runs.stderr);
  assert.deepEqual(runs.json<{ items: unknown[] }>().items, [], 'the local store has none of the server runs');
  const status = await cli(ada, ['status', '--json']);
  assert.doesNotMatch(status.stdout, new RegExp(server.url.replaceAll('.', '\\.')));
});
