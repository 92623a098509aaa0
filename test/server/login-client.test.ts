import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { credentialsPath, readServerCredentials, saveServerCredentials } from '../../src/config/credentials.js';
import { tokenProviderFor } from '../../src/config/token-provider.js';
import { login, logout } from '../../src/sdk/login.js';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';
import { authHarness, bearer, type AuthHarness } from './auth-helpers.js';

describe('client login against a real server socket', () => {
  let h: AuthHarness;
  let url: string;
  let sandbox: Sandbox;
  let apiKey: string;
  before(async () => {
    h = await authHarness();
    await h.store.createUser({ name: 'bob', password: 'bob-secret-1' });
    const robot = await h.store.createUser({ name: 'robot', isServiceAccount: true });
    apiKey = (await h.store.createApiKey(robot.id, { name: 'ci' })).key;
    url = await h.app.listen({ host: '127.0.0.1', port: 0 });
    sandbox = createSandbox('zenml-login-');
  });
  after(async () => {
    await h.close();
    sandbox.cleanup();
  });

  it('keeps the token 0600 in credentials.yaml, points the store at the server, and logs out', async () => {
    const result = await login(`${url}/`, { username: 'bob', password: 'bob-secret-1' }, sandbox.env);
    assert.equal(result.url, url);
    const path = credentialsPath(sandbox.env);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const stored = await readServerCredentials(url, sandbox.env);
    assert.equal(stored?.username, 'bob');
    const me = await fetch(`${url}/api/v1/me`, { headers: bearer(stored!.accessToken) });
    assert.equal(me.status, 200);
    const config = parse(readFileSync(`${sandbox.configDir}/config.yaml`, 'utf8'));
    assert.equal(config.store.url, url);
    assert.equal(await tokenProviderFor(url, sandbox.env).token(), stored!.accessToken);

    const out = await logout(undefined, sandbox.env);
    assert.deepEqual(out, { url, loggedOut: true, revertedToLocalStore: true });
    assert.equal(await readServerCredentials(url, sandbox.env), undefined);
    assert.equal(parse(readFileSync(`${sandbox.configDir}/config.yaml`, 'utf8')).store.url, undefined);
    // The server ended that session too.
    assert.equal((await fetch(`${url}/api/v1/me`, { headers: bearer(stored!.accessToken) })).status, 401);
  });

  it('fails a wrong password with one line and stores nothing', async () => {
    await assert.rejects(login(url, { username: 'bob', password: 'wrong' }, sandbox.env), /Login to http:\/\/127\.0\.0\.1:\d+ failed: Wrong username, password or API key\./);
    assert.equal(await readServerCredentials(url, sandbox.env), undefined);
    await assert.rejects(login('http://127.0.0.1:1', { username: 'bob', password: 'x' }, sandbox.env), /Cannot reach the ZenML server at http:\/\/127\.0\.0\.1:1/);
  });

  it('tells a user whose token expired to log in again, and renews a service account silently', async () => {
    await saveServerCredentials({ url, username: 'bob', accessToken: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() }, sandbox.env);
    await assert.rejects(tokenProviderFor(url, sandbox.env).token(), { message: `Your session has expired or was revoked: run \`zenml login ${url}\` again.` });
    await login(url, { apiKey }, sandbox.env);
    const stored = await readServerCredentials(url, sandbox.env);
    await saveServerCredentials({ ...stored!, expiresAt: new Date(Date.now() - 1000).toISOString() }, sandbox.env);
    const renewed = await tokenProviderFor(url, sandbox.env).token();
    assert.notEqual(renewed, stored!.accessToken);
    assert.equal((await fetch(`${url}/api/v1/me`, { headers: bearer(renewed) })).status, 200);
    assert.equal(statSync(credentialsPath(sandbox.env)).mode & 0o777, 0o600);
    await logout(url, sandbox.env);
  });

  it('exchanges ZENML_STORE_API_KEY for a token with no config file, once, and again after a 401', async () => {
    const env = { ZENML_STORE_URL: url, ZENML_STORE_API_KEY: apiKey, ZENML_CONFIG_DIR: `${sandbox.dir}/no-config` };
    const provider = tokenProviderFor(url, env);
    const [first, second] = await Promise.all([provider.token(), provider.token()]);
    assert.equal(first, second, 'concurrent first calls share one exchange');
    const me = await fetch(`${url}/api/v1/me`, { headers: bearer(first) });
    assert.equal(((await me.json()) as { kind: string }).kind, 'service_account');
    const renewed = await provider.renew();
    assert.notEqual(renewed, first);
    assert.throws(() => statSync(`${sandbox.dir}/no-config`), /ENOENT/, 'nothing written');
  });

  it('logs in as the local administrator with the password the server generated (the --local half)', async () => {
    const { loginAsLocalAdmin } = await import('../../src/sdk/login.js');
    const serverDir = `${sandbox.dir}/server`;
    await assert.rejects(loginAsLocalAdmin(url, `${sandbox.dir}/nowhere`, sandbox.env), /No administrator password for the local server/);
    // What a first start leaves behind: the admin and its generated password, 0600 in the server's directory.
    const { createPrivateFileOnce } = await import('../../src/server/auth/private-file.js');
    await createPrivateFileOnce(`${serverDir}/default_user_password`, 'local-admin-pass');
    await h.store.createUser({ name: 'default', password: 'local-admin-pass', isAdmin: true }).catch(() => undefined);
    const result = await loginAsLocalAdmin(url, serverDir, sandbox.env);
    assert.equal(result.username, 'default');
    await logout(url, sandbox.env);
  });

  it('zenml login --username --password-stdin, then zenml logout (the real CLI)', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/sandbox.js');
    const child = spawn(process.execPath, [CLI, 'login', url, '--username', 'bob', '--password-stdin'], { env: sandbox.env, cwd: sandbox.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdin.end('bob-secret-1\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trim(), `Logged in to ${url} as 'bob'; the CLI and SDK now use this server.`);
    assert.ok(!stdout.includes('bob-secret-1') && !stderr.includes('bob-secret-1'));
    assert.equal(statSync(credentialsPath(sandbox.env)).mode & 0o777, 0o600);

    const out = await runCli(['logout', '--json'], { sandbox });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(out.json(), { url, loggedOut: true, revertedToLocalStore: true });

    const wrong = await runCli(['login', url, '--api-key', 'ZENKEY_nope'], { sandbox });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr.trim(), /^Error: Login to http:\/\/127\.0\.0\.1:\d+ failed: Wrong username, password or API key\.$/m);
    const noUrl = await runCli(['login', '--username', 'bob', '--password-stdin'], { sandbox });
    assert.equal(noUrl.code, 2);
  });
});
