// `zenml secret backup | restore` while logged in to a server, through the real CLI: backup
// copies the server's secrets the user can see into the local store (sealed with the local
// key), restore uploads the local store's secrets to the server; private stays private.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';
import { loginAs, startDaemon, type DaemonServer } from '../helpers/server-daemon.js';

const PASSWORD = 'transfer-admin-pw';
let serverBox: Sandbox;
let user: Sandbox;
let server: DaemonServer;
const cli = (args: string[]) => runCli(args, { sandbox: user });

before(async () => {
  serverBox = createSandbox('zenml-transfer-server-');
  user = createSandbox('zenml-transfer-user-');
  server = await startDaemon(serverBox, { password: PASSWORD });
});

after(async () => {
  await server?.kill();
  serverBox?.cleanup();
  user?.cleanup();
});

/** Every file under a directory, as one buffer per file. */
function filesUnder(dir: string): Buffer[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => readFileSync(path));
}

const reveal = async (name: string) => {
  const result = await cli(['secret', 'get', name, '--reveal', '--json']);
  assert.equal(result.code, 0, result.stderr);
  return result.json<{ private: boolean; values: Record<string, string> }>();
};

test('backup copies the server secrets into the local store; restore uploads local ones; logout finds them sealed locally', { timeout: 120_000 }, async () => {
  assert.equal((await cli(['secret', 'create', 'local-db', '--password=local-only-value'])).code, 0);
  assert.equal((await loginAs(user, server.url, 'default', PASSWORD)).code, 0);
  assert.equal((await cli(['secret', 'create', 'server-api', '--key=server-only-value'])).code, 0);
  assert.equal((await cli(['secret', 'create', 'mine', '--token=mine-value', '--private'])).code, 0);

  const backup = await cli(['secret', 'backup', '--json']);
  assert.equal(backup.code, 0, backup.stderr);
  assert.deepEqual(backup.json(), { from: 'server', to: 'local', secrets: ['mine', 'server-api'], skipped: [] });

  const restore = await cli(['secret', 'restore', '--json']);
  assert.equal(restore.code, 0, restore.stderr);
  assert.deepEqual(restore.json().secrets.sort(), ['local-db', 'mine', 'server-api']);
  assert.equal((await reveal('local-db')).values.password, 'local-only-value', 'the local secret is on the server now');

  const refused = await cli(['secret', 'backup', '--to', 'keychain']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--to picks a local backend/);

  assert.equal((await cli(['logout'])).code, 0);
  const local = await reveal('server-api');
  assert.equal(local.values.key, 'server-only-value');
  const mine = await reveal('mine');
  assert.deepEqual([mine.private, mine.values.token], [true, 'mine-value']);
  // Sealed with the local key: no value in plain text anywhere in the user's own directories.
  for (const file of [user.configDir, join(user.dir, 'xdg'), join(user.dir, 'home')].flatMap(filesUnder)) {
    for (const value of ['server-only-value', 'mine-value', 'local-only-value']) assert.ok(!file.includes(value), `${value} in plain text on disk`);
  }
});
