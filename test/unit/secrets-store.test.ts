import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSandbox, useSandboxEnv, type Sandbox } from '../helpers/sandbox.js';
import type { ZenContext } from '../../src/context/zen-context.js';

const KEY = 'unit-test-passphrase';
const SECRET_VALUE = 'plaintext-canary-7f3a9c';

describe('secrets store (sql backend, in process)', () => {
  let sandbox: Sandbox;
  let restore: () => void;
  let context: ZenContext;

  before(async () => {
    sandbox = createSandbox('zenml-secrets-unit-');
    restore = useSandboxEnv(sandbox);
    process.env.ZENML_SECRETS_ENCRYPTION_KEY = KEY;
    const { getZenContext } = await import('../../src/context/zen-context.js');
    context = await getZenContext();
  });
  after(async () => {
    const { closeZenContexts } = await import('../../src/context/zen-context.js');
    await closeZenContexts();
    delete process.env.ZENML_SECRETS_ENCRYPTION_KEY;
    restore();
    sandbox.cleanup();
  });

  const manager = async () => (await import('../../src/secrets/secrets-manager.js')).secretsManager(context);

  test('create, get values, list (keys only), update, rename, delete', async () => {
    const secrets = await manager();
    const created = await secrets.create('db', { user: 'admin', password: SECRET_VALUE });
    assert.deepEqual(created.keys, ['password', 'user']);
    assert.equal(created.backend, 'sql');
    assert.equal(created.private, false);
    assert.equal(created.owner, context.config.data.userId);
    assert.deepEqual((await secrets.getValues('db')).values, { user: 'admin', password: SECRET_VALUE });

    const page = await secrets.list();
    assert.equal(page.total, 1);
    assert.ok(!JSON.stringify(page).includes(SECRET_VALUE));

    const updated = await secrets.update('db', { values: { host: 'localhost' }, removeKeys: ['user'] });
    assert.deepEqual(updated.keys, ['host', 'password']);
    assert.deepEqual((await secrets.getValues('db')).values, { password: SECRET_VALUE, host: 'localhost' });

    await secrets.rename('db', 'database');
    assert.deepEqual((await secrets.getValues('database')).values.password, SECRET_VALUE);
    await assert.rejects(secrets.get('db'), /No secret named 'db'/);

    await assert.rejects(secrets.create('database', { a: 'b' }), /already exists/);
    await assert.rejects(secrets.update('database', { removeKeys: ['nope'] }), /has no key 'nope'/);
    await assert.rejects(secrets.create('bad name', { a: 'b' }), /not a valid secret name/);
    await assert.rejects(secrets.create('ok', { 'bad.key': 'b' }), /not a valid secret key/);
    await assert.rejects(secrets.create('empty', {}), /at least one key/);

    await secrets.delete('database');
    assert.equal((await secrets.list()).total, 0);
  });

  test('the plaintext never reaches the database file or its WAL', async () => {
    const secrets = await manager();
    await secrets.create('canary', { token: SECRET_VALUE });
    await secrets.update('canary', { values: { other: `${SECRET_VALUE}-2` } });
    const dir = join(sandbox.configDir, 'local_stores', 'default_zen_store');
    const files = ['zenml.db', 'zenml.db-wal', 'zenml.db-shm'].map((f) => join(dir, f)).filter(existsSync);
    assert.ok(files.some((f) => f.endsWith('-wal')), 'the WAL is scanned while the store is open');
    for (const file of files) assert.ok(!readFileSync(file).includes(Buffer.from(SECRET_VALUE)), `${file} holds the plaintext`);
    // Not even the JSON-escaped or base64 form.
    for (const file of files) assert.ok(!readFileSync(file).includes(Buffer.from(Buffer.from(SECRET_VALUE).toString('base64'))));
    await secrets.delete('canary');
  });

  test('a wrong encryption key is refused and destroys nothing', async () => {
    const secrets = await manager();
    await secrets.create('keep', { token: SECRET_VALUE });
    process.env.ZENML_SECRETS_ENCRYPTION_KEY = 'a-different-key';
    try {
      await assert.rejects(secrets.getValues('keep'), /not the key this store's secrets were encrypted with.*Nothing was changed/);
      await assert.rejects(secrets.create('new-one', { a: 'b' }), /not the key/);
      await assert.rejects(secrets.update('keep', { values: { a: 'b' } }), /not the key/);
      // Metadata stays readable without the key.
      assert.deepEqual((await secrets.get('keep')).keys, ['token']);
    } finally {
      process.env.ZENML_SECRETS_ENCRYPTION_KEY = KEY;
    }
    assert.deepEqual((await secrets.getValues('keep')).values, { token: SECRET_VALUE });
    assert.equal((await secrets.exists('new-one')), false);
    await secrets.delete('keep');
  });

  test('private secrets of another owner are invisible', async () => {
    const secrets = await manager();
    await secrets.create('mine', { a: '1' }, { private: true });
    const other = await context.store.createSecret({ name: 'theirs', keys: ['a'], owner: 'someone-else', private: true, backend: 'sql' });
    const shared = await context.store.createSecret({ name: 'shared', keys: ['a'], owner: 'someone-else', private: false, backend: 'sql' });
    const names = (await secrets.list()).items.map((s) => s.name);
    assert.deepEqual(names, ['mine', 'shared']);
    await assert.rejects(secrets.get('theirs'), /No secret named 'theirs'/);
    await context.store.withScope({ userId: 'someone-else' }).deleteSecret(other.id); // only its owner sees it, to delete it too
    await context.store.deleteSecret(shared.id);
    await secrets.delete('mine');
  });

  test('component config references resolve at use time; validation modes at registration', async () => {
    const secrets = await manager();
    const { resolveSecretReferences, validateSecretReferences } = await import('../../src/secrets/resolve.js');
    await secrets.create('s3', { key_id: 'AKIA-canary', secret: SECRET_VALUE });
    const config = { bucket: 'b', key: '{{s3.key_id}}', url: 'https://{{s3.key_id}}:{{s3.secret}}@host', nested: { x: ['{{s3.secret}}'] } };
    assert.deepEqual(await resolveSecretReferences(context, config), {
      bucket: 'b',
      key: 'AKIA-canary',
      url: `https://AKIA-canary:${SECRET_VALUE}@host`,
      nested: { x: [SECRET_VALUE] },
    });
    assert.equal((await validateSecretReferences(context, config, 'strict')).length, 4);

    await assert.rejects(resolveSecretReferences(context, { token: '{{s3.nope}}' }), (error: Error) => {
      assert.match(error.message, /Config key 'token' references key 'nope' of secret 's3'/);
      assert.ok(!error.message.includes(SECRET_VALUE));
      return true;
    });
    await assert.rejects(resolveSecretReferences(context, { token: '{{ghost.key}}' }), /Config key 'token' references secret 'ghost': No secret named 'ghost'/);

    await assert.rejects(validateSecretReferences(context, { token: '{{s3.nope}}' }, 'strict'), (error: any) => error.exitCode === 2 && /key 'nope' of secret 's3'/.test(error.message));
    await validateSecretReferences(context, { token: '{{s3.nope}}' }, 'exists');
    await assert.rejects(validateSecretReferences(context, { token: '{{ghost.key}}' }, 'exists'), /secret 'ghost', which does not exist/);
    await validateSecretReferences(context, { token: '{{ghost.key}}' }, 'none');
    await secrets.delete('s3');
  });

  test('the step extension sets NAME_KEY only while the step runs, restores what was there, redacts errors', async () => {
    const secrets = await manager();
    await secrets.create('api', { token: SECRET_VALUE, 'user-name': 'bob' });
    await secrets.create('db', { password: 'pw-123' });
    const { STEP_EXTENSIONS } = await import('../../src/execution/step-extensions.js');
    const extension = STEP_EXTENSIONS.find((e) => e.name === 'secrets-env')!;
    assert.ok(extension, 'composed into every step run');
    const step = { id: 's', config: { secrets: ['api', 'db'], settings: { secrets: { env: { 'db.password': 'PGPASSWORD' } } } } };
    const ctx = { context, step } as any;
    process.env.API_USER_NAME = 'previous';

    const seen = await extension.around!(ctx, async () => ({ token: process.env.API_TOKEN, user: process.env.API_USER_NAME, pg: process.env.PGPASSWORD, db: process.env.DB_PASSWORD }));
    assert.deepEqual(seen, { token: SECRET_VALUE, user: 'bob', pg: 'pw-123', db: undefined });
    assert.equal(process.env.API_TOKEN, undefined);
    assert.equal(process.env.PGPASSWORD, undefined);
    assert.equal(process.env.API_USER_NAME, 'previous');

    // Two overlapping steps sharing a secret each see it, and only inside themselves: never
    // in the process environment, nor in a step without secrets running meanwhile.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = extension.around!(ctx, () => gate.then(() => process.env.API_TOKEN));
    const second = await extension.around!(ctx, async () => process.env.API_TOKEN);
    assert.equal(second, SECRET_VALUE);
    assert.equal(process.env.API_TOKEN, undefined, 'not in the environment outside the step holding it');
    const bystander = { context, step: { id: 'b', config: {} } } as any;
    const seenByBystander = await extension.around!(bystander, async () => ({ token: process.env.API_TOKEN, keys: Object.keys(process.env).filter((k) => k.startsWith('API_')), all: Object.values(process.env).includes(SECRET_VALUE) }));
    assert.deepEqual(seenByBystander, { token: undefined, keys: ['API_USER_NAME'], all: false });
    release();
    assert.equal(await first, SECRET_VALUE);
    assert.equal(process.env.API_TOKEN, undefined);

    // A timer the step leaves behind sees the values no more once the step has ended.
    let late!: Promise<string | undefined>;
    await extension.around!(ctx, async () => {
      late = new Promise((resolve) => setTimeout(() => resolve(process.env.API_TOKEN), 20));
    });
    assert.equal(await late, undefined);

    await assert.rejects(
      extension.around!(ctx, async () => {
        throw new Error(`bad token ${process.env.API_TOKEN}`);
      }),
      (error: Error) => error.message === 'bad token ****',
    );
    assert.equal(process.env.API_TOKEN, undefined);

    await assert.rejects(extension.around!({ context, step: { id: 's', config: { secrets: ['missing'] } } } as any, async () => 1), /Step 's' uses secret 'missing': No secret named 'missing'/);
    delete process.env.API_USER_NAME;
    await secrets.delete('api');
    await secrets.delete('db');
  });
});
