// `zenml server start --daemon | status | logs | stop` in a sandboxed config dir: a real
// detached server process, found through its pid and state files, stopped by its pid.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, runCli } from '../helpers/sandbox.js';

const sandbox = createSandbox('zenml-server-cli-');
let pid: number | undefined;

after(() => {
  // Whatever happens, leave no server behind: only the one this test started, by its pid.
  if (pid) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  sandbox.cleanup();
});

test('a daemon starts, answers /health and the API, shows in status and logs, and stops by pid', { timeout: 90_000 }, async () => {
  const started = await runCli(['server', 'start', '--daemon', '--port', '0', '--json'], { sandbox, env: { ZENML_DEFAULT_USER_PASSWORD: 'daemon-admin-pw' } });
  assert.equal(started.code, 0, started.stderr);
  const state = started.json<{ url: string; pid: number; database: string; logFile: string }>();
  pid = state.pid;
  assert.match(state.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.match(state.database, /^sqlite:.*zenml\.db$/);
  assert.equal(readFileSync(join(sandbox.configDir, 'server', 'server.pid'), 'utf8').trim(), String(pid));

  assert.equal((await fetch(`${state.url}/health`)).status, 200);
  assert.equal((await fetch(`${state.url}/api/v1/stacks`)).status, 401, 'no route but /health and login answers without a token');
  const login = await fetch(`${state.url}/api/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'default', password: 'daemon-admin-pw' }) });
  assert.equal(login.status, 200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  const stacks = (await (await fetch(`${state.url}/api/v1/stacks`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ name: string }> };
  assert.deepEqual(stacks.items.map((s) => s.name), ['default'], 'the server made the default stack of its store');

  const status = await runCli(['server', 'status', '--json'], { sandbox });
  assert.equal(status.code, 0, status.stderr);
  const shown = status.json<{ running: boolean; url: string; pid: number; uptimeSeconds: number; database: string; healthy: boolean }>();
  assert.deepEqual([shown.running, shown.url, shown.pid, shown.healthy, shown.database], [true, state.url, pid, true, state.database]);
  assert.ok(shown.uptimeSeconds >= 0);

  const twice = await runCli(['server', 'start', '--daemon', '--port', '0'], { sandbox });
  assert.equal(twice.code, 2);
  assert.match(twice.stderr, /already running at .*zenml server stop/);

  const logs = await runCli(['server', 'logs'], { sandbox });
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, new RegExp(`listening on ${state.url.replaceAll('.', '\\.')}`));

  const stopped = await runCli(['server', 'stop', '--json'], { sandbox });
  assert.deepEqual(stopped.json(), { stopped: true, pid });
  assert.throws(() => process.kill(pid!, 0), 'the process is gone');
  pid = undefined;
  assert.ok(!existsSync(join(sandbox.configDir, 'server', 'server.pid')));
  const after = await runCli(['server', 'status', '--json'], { sandbox });
  assert.equal(after.json<{ running: boolean }>().running, false);
  assert.deepEqual((await runCli(['server', 'stop', '--json'], { sandbox })).json(), { stopped: false });
});

test('listening beyond loopback with no administrator password yet is refused in one line, in the foreground and with --daemon alike', async () => {
  // A fresh config dir: no administrator exists yet (a restart of a server that has one may listen anywhere).
  const fresh = createSandbox('zenml-server-cli-fresh-');
  try {
    for (const daemon of [[], ['--daemon']]) {
      const refused = await runCli(['server', 'start', '--host', '0.0.0.0', '--port', '0', ...daemon], { sandbox: fresh, env: { ZENML_DEFAULT_USER_PASSWORD: '' } });
      assert.equal(refused.code, 2, refused.stderr);
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
      assert.match(refused.stderr, /Refusing to listen on 0\.0\.0\.0 without an administrator password: anyone who can reach it could log in first.*ZENML_DEFAULT_USER_PASSWORD/);
    }
  } finally {
    fresh.cleanup();
  }
});
