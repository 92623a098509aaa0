import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { credentialsKeychainAccount, CREDENTIALS_KEYCHAIN_SERVICE } from '../../src/config/credentials-keychain.js';
import { keychainService } from '../../src/core/keychain.js';
import { keyringGate } from '../helpers/keyring.js';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';
import { loginAs, startDaemon, type DaemonServer } from '../helpers/server-daemon.js';

// Login tokens go to the OS keychain when one can be written (a real gnome-keyring over D-Bus),
// else to credentials.yaml (0600). CI runs this inside a D-Bus session with an unlocked keyring.
const gate = await keyringGate();
const PASSWORD = 'keychain-admin-pw';
const credentialsKeychain = keychainService(CREDENTIALS_KEYCHAIN_SERVICE);

/** The environment of a machine with no D-Bus session: libsecret cannot reach any keyring. */
const noKeychainEnv = (sandbox: Sandbox): NodeJS.ProcessEnv => {
  const env = { ...sandbox.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  return env;
};

const readCredentials = (sandbox: Sandbox) => {
  const path = `${sandbox.configDir}/credentials.yaml`;
  return { text: readFileSync(path, 'utf8'), yaml: parse(readFileSync(path, 'utf8')), mode: statSync(path).mode & 0o777 };
};

describe('login tokens and the OS keychain', () => {
  let serverSandbox: Sandbox;
  let server: DaemonServer;
  const clients: Sandbox[] = [];
  before(async () => {
    serverSandbox = createSandbox('zenml-kc-server-');
    server = await startDaemon(serverSandbox, { password: PASSWORD });
  });
  after(async () => {
    await server?.kill('SIGTERM');
    for (const sandbox of [serverSandbox, ...clients]) sandbox?.cleanup();
  });
  const client = () => {
    const sandbox = createSandbox('zenml-kc-client-');
    clients.push(sandbox);
    return sandbox;
  };

  it('keeps the token in the keychain, not in credentials.yaml; the CLI uses it; logout deletes the entry', { skip: gate.skip }, async () => {
    const sandbox = client();
    const login = await loginAs(sandbox, server.url, 'default', PASSWORD);
    assert.equal(login.code, 0, login.stderr);
    const account = credentialsKeychainAccount(server.url, sandbox.configDir);
    const entry = JSON.parse((await credentialsKeychain.get(account)) ?? '{}') as { accessToken?: string };
    assert.match(entry.accessToken ?? '', /^ey/, 'a JWT in the keychain');
    const stored = readCredentials(sandbox);
    assert.deepEqual(Object.keys(stored.yaml.servers[server.url]).sort(), ['expiresAt', 'tokenInKeychain', 'url', 'username']);
    assert.equal(stored.yaml.servers[server.url].tokenInKeychain, true);
    assert.ok(!stored.text.includes(entry.accessToken!), 'the token is not in credentials.yaml');

    const users = await runCli(['user', 'list', '--json'], { sandbox });
    assert.equal(users.code, 0, users.stderr);
    assert.ok(JSON.stringify(users.json()).includes('default'), 'the CLI reached the server with the keychain token');

    const logout = await runCli(['logout', '--json'], { sandbox });
    assert.equal(logout.code, 0, logout.stderr);
    assert.equal(logout.json().loggedOut, true);
    assert.equal(await credentialsKeychain.get(account), null, 'logout deleted the keychain entry');
    assert.equal(readCredentials(sandbox).yaml.servers[server.url], undefined);
  });

  it('two config dirs logged in to one server as two users keep two keychain entries', { skip: gate.skip }, async () => {
    const admin = client();
    assert.equal((await loginAs(admin, server.url, 'default', PASSWORD)).code, 0);
    const created = await runCli(['user', 'create', 'kc-member', '--password-stdin'], { sandbox: admin, input: 'kc-member-pw' });
    assert.equal(created.code, 0, created.stderr);
    const member = client();
    assert.equal((await loginAs(member, server.url, 'kc-member', 'kc-member-pw')).code, 0);
    assert.notEqual(await credentialsKeychain.get(credentialsKeychainAccount(server.url, admin.configDir)), await credentialsKeychain.get(credentialsKeychainAccount(server.url, member.configDir)));
    // The admin's session is still its own: only an admin may list users.
    assert.equal((await runCli(['user', 'list', '--json'], { sandbox: admin })).code, 0);
    for (const sandbox of [admin, member]) assert.equal((await runCli(['logout'], { sandbox })).code, 0);
  });

  it('a token the keychain lost gives one line saying to log in again, and logout still works', { skip: gate.skip }, async () => {
    const sandbox = client();
    assert.equal((await loginAs(sandbox, server.url, 'default', PASSWORD)).code, 0);
    await credentialsKeychain.delete(credentialsKeychainAccount(server.url, sandbox.configDir));
    const lost = await runCli(['user', 'list'], { sandbox });
    assert.equal(lost.code, 1);
    assert.match(lost.stderr, /Cannot read the token for http:\/\/127\.0\.0\.1:\d+ from the OS keychain \(its entry is no longer in the OS keychain\)/);
    assert.match(lost.stderr, /zenml login http/);
    const logout = await runCli(['logout', '--json'], { sandbox });
    assert.equal(logout.code, 0, logout.stderr);
    assert.equal(logout.json().loggedOut, true);
  });

  it('without a keychain (no D-Bus session) the token stays in credentials.yaml, 0600, and the CLI works', async () => {
    const sandbox = client();
    const env = noKeychainEnv(sandbox);
    const login = await runCli(['login', server.url, '--username', 'default', '--password-stdin'], { sandbox: { ...sandbox, env }, input: PASSWORD });
    assert.equal(login.code, 0, login.stderr);
    const stored = readCredentials(sandbox);
    assert.equal(stored.mode, 0o600);
    assert.match(stored.yaml.servers[server.url].accessToken, /^ey/);
    assert.equal(stored.yaml.servers[server.url].tokenInKeychain, undefined);
    const users = await runCli(['user', 'list', '--json'], { sandbox: { ...sandbox, env } });
    assert.equal(users.code, 0, users.stderr);
    const logout = await runCli(['logout', '--json'], { sandbox: { ...sandbox, env } });
    assert.equal(logout.json().loggedOut, true);
  });
});
