import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyringGate } from '../helpers/keyring.js';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';

/** What the real keyring holds, read with libsecret's own tool. */
function keyringLookup(account: string): string | undefined {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', 'zenml', 'account', account], { encoding: 'utf8' });
  } catch {
    return undefined;
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : entry.isFile() ? [join(dir, entry.name)] : []));
}

const gate = await keyringGate();

describe('secrets with a real OS keychain (gnome-keyring over D-Bus)', { skip: gate.skip }, () => {
  const VALUE = `keychain-canary-${randomUUID()}`;
  let sandbox: Sandbox;
  const cli = (...args: string[]) => runCli(args, { sandbox });
  const json = async (...args: string[]) => {
    const result = await cli(...args, '--json');
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}${result.stdout}`);
    return result.json();
  };
  const assertNotInConfigDir = () => {
    for (const file of filesUnder(sandbox.configDir)) assert.ok(!readFileSync(file).includes(Buffer.from(VALUE)), `${file} holds the value`);
  };

  before(() => {
    sandbox = createSandbox('zenml-secrets-keychain-');
    delete sandbox.env.ZENML_SECRETS_ENCRYPTION_KEY;
  });
  after(() => sandbox?.cleanup());

  test('sql backend: the encryption key is created in the keychain, no key file, no warning', async () => {
    const result = await cli('secret', 'create', 'in-sql', `--token=${VALUE}`);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stderr.includes('Warning'));
    assert.ok(!existsSync(join(sandbox.configDir, 'secrets.key')));
    assert.match(keyringLookup('secrets-encryption-key') ?? '', /^[0-9a-f]{64}$/);
    assert.equal((await json('secret', 'get', 'in-sql', '--reveal')).values.token, VALUE);
    assertNotInConfigDir();
  });

  test('keychain backend: one keychain entry per secret, nothing in the store', async () => {
    const set = await json('secret', 'backend', 'set', 'keychain');
    assert.deepEqual([set.backend, set.previous, set.elsewhere], ['keychain', 'sql', 1]);
    const created = await json('secret', 'create', 'in-keychain', `--token=${VALUE}`, '--user=kc');
    assert.equal(created.backend, 'keychain');
    assert.deepEqual(JSON.parse(keyringLookup(`secret:${created.id}`)!), { token: VALUE, user: 'kc' });
    assert.deepEqual((await json('secret', 'get', 'in-keychain', '--reveal')).values, { token: VALUE, user: 'kc' });
    assert.deepEqual((await json('secret', 'get', 'in-keychain')).values, { token: '********', user: '********' });
    await json('secret', 'update', 'in-keychain', '--user=kc2');
    assert.equal(JSON.parse(keyringLookup(`secret:${created.id}`)!).user, 'kc2');
    await json('secret', 'rename', 'in-keychain', 'kc-renamed');
    assert.equal((await json('secret', 'get', 'kc-renamed', '--reveal')).values.user, 'kc2');
    assert.deepEqual((await json('secret', 'backend', 'describe')).secrets, { sql: 1, keychain: 1 });
    assertNotInConfigDir();
  });

  test('backup to sql, lose the keychain entry, restore it: no loss', async () => {
    const secret = await json('secret', 'get', 'kc-renamed');
    const backup = await json('secret', 'backup');
    assert.equal(backup.to, 'sql');
    assert.deepEqual(backup.secrets, ['kc-renamed']);
    assert.deepEqual(backup.skipped, ['in-sql']);

    execFileSync('secret-tool', ['clear', 'service', 'zenml', 'account', `secret:${secret.id}`]);
    const lost = await cli('secret', 'get', 'kc-renamed', '--reveal');
    assert.equal(lost.code, 1);
    assert.match(lost.stderr, /values of secret 'kc-renamed' are missing from the keychain backend.*zenml secret restore/);

    const restored = await json('secret', 'restore');
    assert.equal(restored.from, 'sql');
    assert.deepEqual(restored.secrets.sort(), ['in-sql', 'kc-renamed']);
    assert.deepEqual((await json('secret', 'get', 'kc-renamed', '--reveal')).values, { token: VALUE, user: 'kc2' });
    // The sql secret moved into the keychain too; its encrypted copy stays as a backup.
    const moved = await json('secret', 'get', 'in-sql', '--reveal');
    assert.deepEqual([moved.backend, moved.values.token], ['keychain', VALUE]);
    assert.deepEqual((await json('secret', 'backend', 'describe')).secrets, { sql: 0, keychain: 2 });
    assertNotInConfigDir();
  });

  test('move everything back to sql', async () => {
    await json('secret', 'backend', 'set', 'sql');
    const restored = await json('secret', 'restore', '--from', 'keychain');
    assert.deepEqual(restored.secrets.sort(), ['in-sql', 'kc-renamed']);
    const list = await json('secret', 'list');
    assert.deepEqual(list.items.map((s: any) => [s.name, s.backend]), [['in-sql', 'sql'], ['kc-renamed', 'sql']]);
    assert.equal((await json('secret', 'get', 'kc-renamed', '--reveal')).values.token, VALUE);
    assertNotInConfigDir();
  });

  test('delete removes every copy, including the keychain one', async () => {
    const secret = await json('secret', 'get', 'kc-renamed');
    assert.ok(keyringLookup(`secret:${secret.id}`), 'a keychain copy exists before');
    await json('secret', 'delete', 'kc-renamed', '-y');
    assert.equal(keyringLookup(`secret:${secret.id}`), undefined);
  });

  test('keychain backend without a reachable keychain: a clear error naming what to start', async () => {
    await json('secret', 'backend', 'set', 'keychain');
    await json('secret', 'create', 'needs-kc', '--a=b');
    const noBus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/zenml-test-bus', DISPLAY: '' };
    const result = await runCli(['secret', 'get', 'needs-kc', '--reveal'], { sandbox, env: noBus });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Error: The OS keychain is not reachable: there is no D-Bus session.*dbus-run-session/m);
    const create = await runCli(['secret', 'create', 'other', '--a=b'], { sandbox, env: noBus });
    assert.equal(create.code, 1);
    assert.match(create.stderr, /OS keychain is not reachable/);
    assert.equal((await cli('secret', 'get', 'other')).code, 1, 'nothing was created');
    await json('secret', 'delete', 'needs-kc', '-y');
  });
});
