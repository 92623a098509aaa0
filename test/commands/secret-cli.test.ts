import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync, chmodSync, lstatSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createSandbox, runCli, type CliResult, type Sandbox } from '../helpers/sandbox.js';

const VALUE = 'cli-canary-value-5d1e';
const KEY = { ZENML_SECRETS_ENCRYPTION_KEY: 'cli-test-key' };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('zenml secret commands', () => {
  let sandbox: Sandbox;
  const outputs: CliResult[] = [];
  const cli = async (args: string[], env: NodeJS.ProcessEnv = KEY) => {
    const result = await runCli(args, { sandbox, env });
    outputs.push(result);
    return result;
  };

  before(() => {
    sandbox = createSandbox('zenml-secret-cli-');
  });
  after(() => sandbox?.cleanup());

  test('create from --key=value, @file and --values; list and get never show values', async () => {
    const file = sandbox.write('token.txt', VALUE);
    let result = await cli(['secret', 'create', 'api', `--token=@${file}`, '--user=alice', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const created = result.json();
    assert.deepEqual(created.keys, ['token', 'user']);
    assert.deepEqual(created.values, { token: '********', user: '********' });
    assert.equal(created.backend, 'sql');

    result = await cli(['secret', 'create', 'db', '--values', JSON.stringify({ password: VALUE, port: 5432 })]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created secret 'db' with keys password, port \(sql backend\)/);
    const yamlFile = sandbox.write('vals.yaml', `password: ${VALUE}\n`);
    assert.equal((await cli(['secret', 'create', 'from-yaml', '--values', `@${yamlFile}`, '--private'])).code, 0);

    const list = (await cli(['secret', 'list', '--json'])).json();
    assert.equal(list.total, 3);
    assert.deepEqual(list.items.map((s: any) => [s.name, s.keys, s.private]), [
      ['api', ['token', 'user'], false],
      ['db', ['password', 'port'], false],
      ['from-yaml', ['password'], true],
    ]);
    const table = await cli(['secret', 'list']);
    assert.match(table.stdout, /api\s+│ token, user/);

    const masked = (await cli(['secret', 'get', 'api', '--json'])).json();
    assert.deepEqual(masked.values, { token: '********', user: '********' });
    const maskedYaml = parseYaml((await cli(['secret', 'get', 'api', '-o', 'yaml'])).stdout);
    assert.equal(maskedYaml.values.token, '********');
    const maskedTable = await cli(['secret', 'get', 'api']);
    assert.match(maskedTable.stdout, /token\s+│ \*{8}/);

    const revealed = (await cli(['secret', 'get', 'api', '--reveal', '--json'])).json();
    assert.deepEqual(revealed.values, { token: VALUE, user: 'alice' });
    const revealedTable = await cli(['secret', 'get', 'db', '--reveal']);
    assert.ok(revealedTable.stdout.includes(VALUE));
    assert.ok(revealedTable.stdout.includes('5432'));

    // Only the --reveal runs printed the value.
    const leaked = outputs.filter((o) => (o.stdout + o.stderr).includes(VALUE));
    assert.equal(leaked.length, 2);
  });

  test('update, rename, export, delete', async () => {
    let result = await cli(['secret', 'update', 'api', '--user=bob', '--extra', 'x', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.json().keys, ['extra', 'token', 'user']);
    result = await cli(['secret', 'update', 'api', '--remove-keys', 'extra', '--private', '--json']);
    assert.deepEqual([result.json().keys, result.json().private], [['token', 'user'], true]);
    assert.deepEqual((await cli(['secret', 'get', 'api', '--reveal', '--json'])).json().values, { token: VALUE, user: 'bob' });

    result = await cli(['secret', 'rename', 'api', 'api2', '--json']);
    assert.equal(result.json().name, 'api2');
    assert.equal((await cli(['secret', 'get', 'api'])).code, 1);

    const target = join(sandbox.dir, 'export.json');
    result = await cli(['secret', 'export', 'api2', '-f', target, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes(VALUE));
    assert.match(result.stderr, /plain text/);
    assert.deepEqual(JSON.parse(readFileSync(target, 'utf8')), { token: VALUE, user: 'bob' });
    assert.equal(statSync(target).mode & 0o777, 0o600);
    assert.equal((await cli(['secret', 'export', 'api2', '-f', target])).code, 2, 'refuses to overwrite without --force');

    // --force over a world-readable file: replaced whole, and 0600 whatever the old mode was.
    const loose = sandbox.write('loose.yaml', 'old: content\n');
    chmodSync(loose, 0o644);
    result = await cli(['secret', 'export', 'api2', '-f', loose, '--force']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(statSync(loose).mode & 0o777, 0o600);
    assert.deepEqual(parseYaml(readFileSync(loose, 'utf8')), { token: VALUE, user: 'bob' });

    // A symbolic link is refused, with or without --force, and what it points at is untouched.
    const pointee = sandbox.write('pointee.txt', 'keep me\n');
    chmodSync(pointee, 0o644);
    const linked = join(sandbox.dir, 'linked.yaml');
    symlinkSync(pointee, linked);
    for (const force of [['--force'], []]) {
      result = await cli(['secret', 'export', 'api2', '-f', linked, ...force]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /^Error: \S*linked\.yaml is a symbolic link; secret values are never written through one\. [^\n]*\n$/, 'one line');
    }
    assert.equal(readFileSync(pointee, 'utf8'), 'keep me\n');
    assert.equal(statSync(pointee).mode & 0o777, 0o644);
    assert.ok(lstatSync(linked).isSymbolicLink());
    assert.deepEqual(readdirSync(sandbox.dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary file left');

    assert.equal((await cli(['secret', 'delete', 'api2'])).code, 2, 'non-interactive delete needs -y');
    result = await cli(['secret', 'delete', 'api2', '-y', '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.json().deleted.name, 'api2');
    assert.equal((await cli(['secret', 'list', '--json'])).json().total, 2);
  });

  test('bad input: one line, right exit code, no value echoed, nothing changed', async () => {
    const before = (await cli(['secret', 'list', '--json'])).json();
    const cases: Array<[string[], number, RegExp]> = [
      [['secret', 'get', 'ghost'], 1, /No secret named 'ghost'/],
      [['secret', 'get', 'ghost', '--json'], 1, /No secret named 'ghost'/],
      [['secret', 'create', 'db', `--password=${VALUE}`], 1, /A secret named 'db' already exists/],
      [['secret', 'create', 'x', '--values', `{"password": "${VALUE}`], 2, /--values is not valid JSON or YAML/],
      [['secret', 'create', 'x', '--values', `["${VALUE}"]`], 2, /--values must be a mapping/],
      [['secret', 'create', 'x', '--token=@/no/such/file'], 2, /Cannot read the value of 'token' from file '\/no\/such\/file' \(ENOENT\)/],
      [['secret', 'create', 'x', '--values', '@/no/such/values.yaml'], 2, /Cannot read --values from file/],
      [['secret', 'create', 'x'], 2, /No secret values given/],
      [['secret', 'create', 'x', '-i'], 2, /needs a terminal/],
      [['secret', 'create', 'bad name!', `--a=${VALUE}`], 2, /not a valid secret name/],
      [['secret', 'create', 'x', `--bad.key=${VALUE}`], 2, /not a valid secret key/],
      [['secret', 'update', 'db', '--remove-keys', 'nope'], 2, /has no key 'nope'/],
      [['secret', 'update', 'db'], 2, /Nothing to update/],
      [['secret', 'backend', 'set', 'vault'], 2, /Expected vault to be one of/],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli(args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      const text = result.stdout + result.stderr;
      assert.match(text, message, args.join(' '));
      assert.ok(!text.includes(VALUE), `${args.join(' ')} echoed the value: ${text}`);
      if (!args.includes('--json')) assert.equal(result.stderr.trim().split('\n').filter((l) => l.startsWith('Error')).length, 1);
    }
    assert.deepEqual((await cli(['secret', 'list', '--json'])).json(), before);
  });

  test('a wrong encryption key is a clear error and destroys nothing', async () => {
    const wrong = await cli(['secret', 'get', 'db', '--reveal'], { ZENML_SECRETS_ENCRYPTION_KEY: 'not-the-key' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /not the key this store's secrets were encrypted with.*Nothing was changed/);
    const create = await cli(['secret', 'create', 'new', '--a=b'], { ZENML_SECRETS_ENCRYPTION_KEY: 'not-the-key' });
    assert.equal(create.code, 1);
    assert.equal((await cli(['secret', 'get', 'new'])).code, 1, 'nothing was created with the wrong key');
    assert.equal((await cli(['secret', 'get', 'db', '--reveal', '--json'])).json().values.password, VALUE);
  });

  test('no grep of the config dir or of any output finds a value outside --reveal/export', () => {
    for (const file of filesUnder(sandbox.configDir)) assert.ok(!readFileSync(file).includes(Buffer.from(VALUE)), `${file} holds the value`);
    const revealing = outputs.filter((o) => (o.stdout + o.stderr).includes(VALUE));
    assert.equal(revealing.length, 4, 'only the four --reveal runs print values');
  });
});

describe('zenml secret without a keychain', () => {
  let sandbox: Sandbox;
  // A D-Bus address that does not exist: libsecret fails fast, like on a headless server.
  const NO_DBUS = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/zenml-test-bus', DISPLAY: '' };
  before(() => {
    sandbox = createSandbox('zenml-secret-nokeychain-');
    delete sandbox.env.ZENML_SECRETS_ENCRYPTION_KEY;
  });
  after(() => sandbox?.cleanup());

  test('the key goes to a 0600 key file in the config dir, with a warning once', async () => {
    const first = await runCli(['secret', 'create', 'a', `--v=${VALUE}`], { sandbox, env: NO_DBUS });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Warning: the OS keychain is not usable .* written to .*secrets\.key \(mode 0600\)/);
    const keyFile = join(sandbox.configDir, 'secrets.key');
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    const second = await runCli(['secret', 'create', 'b', '--v=1'], { sandbox, env: NO_DBUS });
    assert.equal(second.code, 0, second.stderr);
    assert.ok(!second.stderr.includes('Warning'), 'the warning is shown once');
    assert.equal((await runCli(['secret', 'get', 'a', '--reveal', '--json'], { sandbox, env: NO_DBUS })).json().values.v, VALUE);
    for (const file of filesUnder(sandbox.configDir)) assert.ok(!readFileSync(file).includes(Buffer.from(VALUE)), `${file} holds the value`);
  });

  test('an unreadable key file is a clear error', async () => {
    const keyFile = join(sandbox.configDir, 'secrets.key');
    if (process.getuid?.() === 0) {
      // root reads anything: make the key file a directory instead.
      const saved = readFileSync(keyFile);
      const { rmSync, mkdirSync } = await import('node:fs');
      rmSync(keyFile);
      mkdirSync(keyFile);
      const result = await runCli(['secret', 'get', 'a', '--reveal'], { sandbox, env: NO_DBUS });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /secrets key file .* cannot be read \(EISDIR\)/);
      rmSync(keyFile, { recursive: true });
      writeFileSync(keyFile, saved, { mode: 0o600 });
    } else {
      chmodSync(keyFile, 0o000);
      const result = await runCli(['secret', 'get', 'a', '--reveal'], { sandbox, env: NO_DBUS });
      chmodSync(keyFile, 0o600);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /cannot be read \(EACCES\)/);
    }
    assert.equal((await runCli(['secret', 'get', 'a', '--reveal', '--json'], { sandbox, env: NO_DBUS })).json().values.v, VALUE);
  });

  test('choosing the keychain backend without a keychain says what to start, and changes nothing', async () => {
    const result = await runCli(['secret', 'backend', 'set', 'keychain'], { sandbox, env: NO_DBUS });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /OS keychain is not reachable.*D-Bus.*gnome-keyring/);
    const info = (await runCli(['secret', 'backend', 'describe', '--json'], { sandbox, env: NO_DBUS })).json();
    assert.deepEqual(info, { backend: 'sql', secrets: { sql: 2, keychain: 0 } });
  });
});
