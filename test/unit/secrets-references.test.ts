import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSecretReferences, isSecretReference } from '../../src/secrets/resolve.js';
import { secretEnvName } from '../../src/secrets/names.js';
import { parseKeyValueArgs, parseValuesDocument } from '../../src/cli/secret-values.js';
import { redactError } from '../../src/secrets/step-env.js';

describe('secret references', () => {
  test('finds whole, embedded and nested references with their config paths', () => {
    const config = {
      password: '{{db.password}}',
      url: 'postgresql://{{db.user}}:{{ db.password }}@host/app',
      nested: { token: '{{my.dotted.secret.token}}', list: ['plain', '{{aws.key_id}}'] },
      port: 5432,
      plain: 'no {reference} here',
    };
    assert.deepEqual(findSecretReferences(config), [
      { path: 'password', secret: 'db', key: 'password' },
      { path: 'url', secret: 'db', key: 'user' },
      { path: 'url', secret: 'db', key: 'password' },
      { path: 'nested.token', secret: 'my.dotted.secret', key: 'token' },
      { path: 'nested.list.1', secret: 'aws', key: 'key_id' },
    ]);
    assert.ok(isSecretReference('{{db.password}}'));
    assert.ok(!isSecretReference('x {{db.password}}'));
    assert.ok(!isSecretReference('{{nokey}}'));
  });

  test('environment names are NAME_KEY upper-cased, with a prefix override', () => {
    assert.equal(secretEnvName('db', 'password'), 'DB_PASSWORD');
    assert.equal(secretEnvName('my-aws.prod', 'access-key'), 'MY_AWS_PROD_ACCESS_KEY');
    assert.equal(secretEnvName('db', 'user', 'pg'), 'PG_USER');
  });

  test('a step error that echoes a secret value is redacted', () => {
    const error = new Error('login failed for password=hunter2-xyz (user admin)');
    redactError(error, ['hunter2-xyz', 'ad']);
    assert.equal(error.message, 'login failed for password=**** (user admin)');
    assert.ok(!error.stack!.includes('hunter2-xyz'));
  });
});

describe('secret values input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-values-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  test('--values takes JSON, YAML or @file, scalars become strings', async () => {
    assert.deepEqual(await parseValuesDocument('{"user":"admin","port":5432,"tls":true}'), { user: 'admin', port: '5432', tls: 'true' });
    assert.deepEqual(await parseValuesDocument('user: admin\npassword: "p: w"\n'), { user: 'admin', password: 'p: w' });
    const file = join(dir, 'values.yaml');
    writeFileSync(file, 'token: abc\n');
    assert.deepEqual(await parseValuesDocument(`@${file}`), { token: 'abc' });
  });

  test('malformed --values is a usage error that never quotes the text', async () => {
    for (const bad of ['{"password": "leakme', '[1, 2]', '"leakme"', '{"a": {"b": "leakme"}}']) {
      await assert.rejects(parseValuesDocument(bad), (error: any) => {
        assert.equal(error.exitCode, 2);
        assert.ok(!error.message.includes('leakme'), error.message);
        return true;
      });
    }
  });

  test('--key=value and --key value pairs, @path reads the file exactly', async () => {
    const file = join(dir, 'password.txt');
    writeFileSync(file, 'from-file\n');
    assert.deepEqual(await parseKeyValueArgs(['--user=admin', '--password', `@${file}`, '--eq=a=b']), { user: 'admin', password: 'from-file\n', eq: 'a=b' });
    await assert.rejects(parseKeyValueArgs([`--x=@${join(dir, 'missing.txt')}`]), /Cannot read the value of 'x' from file .*missing\.txt' \(ENOENT\)/);
    await assert.rejects(parseKeyValueArgs(['--dangling']), /--dangling has no value/);
    await assert.rejects(parseKeyValueArgs(['stray-secret-value']), (error: any) => !error.message.includes('stray-secret-value'));
  });
});
