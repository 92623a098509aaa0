import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import { assertBindAllowed, ensureDefaultUser, issueToken, loadServerSecretKey } from '../../src/server/auth/index.js';
import { authHarness, bearer, login, type AuthHarness } from './auth-helpers.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

describe('auth: failed-login limit', () => {
  let h: AuthHarness;
  before(async () => {
    h = await authHarness();
    await h.store.createUser({ name: 'bob', password: 'bob-secret-1' });
  });
  after(() => h.close());

  it('answers 429 from the 11th failed login in a minute from one client, even with the right password', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await login(h.app, { username: 'bob', password: 'bob-secret-1' }, '10.1.1.1')).status, 200, 'successes do not count');
    for (let i = 0; i < 10; i++) assert.equal((await login(h.app, { username: 'bob', password: `wrong-${i}` }, '10.1.1.1')).status, 401);
    const limited = await h.app.inject({ method: 'POST', url: '/api/v1/login', payload: { username: 'bob', password: 'bob-secret-1' }, remoteAddress: '10.1.1.1' });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.json().message, /Too many failed logins from this client: try again in \d+ s\./);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // Another client is not affected.
    assert.equal((await login(h.app, { username: 'bob', password: 'bob-secret-1' }, '10.1.1.2')).status, 200);
  });
});

describe('auth: login timing', () => {
  let h: AuthHarness;
  before(async () => {
    h = await authHarness({ loginRateLimit: { max: 10_000, timeWindowMs: 60_000 } });
    await h.store.createUser({ name: 'bob', password: 'bob-secret-1' });
  });
  after(() => h.close());

  it('costs the same time for a right password, a wrong one and an unknown user', async () => {
    const cases = { right: { username: 'bob', password: 'bob-secret-1' }, wrong: { username: 'bob', password: 'bob-secret-2' }, unknown: { username: 'nobody', password: 'bob-secret-1' } };
    const times: Record<string, number[]> = { right: [], wrong: [], unknown: [] };
    for (let round = 0; round < 15; round++) {
      for (const [name, body] of Object.entries(cases)) {
        const started = performance.now();
        await login(h.app, body);
        times[name].push(performance.now() - started);
      }
    }
    const medians = Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
    const fastest = Math.min(...Object.values(medians));
    const slowest = Math.max(...Object.values(medians));
    // Password hashing dominates every case; a skipped hash (unknown user) would be ~50x faster, so a loose bound on a shared machine still catches it.
    assert.ok(slowest - fastest <= Math.max(15, fastest * 0.5), `medians differ too much: ${JSON.stringify(medians)}`);
  });
});

describe('auth: over a real socket', () => {
  let h: AuthHarness;
  let url: string;
  before(async () => {
    h = await authHarness();
    await h.store.createUser({ name: 'bob', password: 'bob-secret-1' });
    url = await h.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(() => h.close());

  it('logs in over HTTP, uses the token, and refuses an expired one with the line naming this server', async () => {
    const response = await fetch(`${url}/api/v1/login`, { method: 'POST', body: new URLSearchParams({ username: 'bob', password: 'bob-secret-1' }) });
    assert.equal(response.status, 200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const me = await fetch(`${url}/api/v1/me`, { headers: bearer(token) });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { name: string }).name, 'bob');
    const bob = await h.store.getUser('bob');
    const expired = (await issueToken(await loadServerSecretKey(join(h.dir, 'server'), {}), { userId: bob.id, kind: 'user', isAdmin: false }, -5)).token;
    const refused = await fetch(`${url}/api/v1/me`, { headers: bearer(expired) });
    assert.equal(refused.status, 401);
    assert.equal(((await refused.json()) as { message: string }).message, `Your session has expired or was revoked: run \`zenml login ${url}\` again.`);
  });
});

describe('auth: server secrets and the first administrator', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'zenml-auth-boot-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('generates the signing key once, 0600, unless ZENML_SERVER_SECRET_KEY is set', async () => {
    const first = await loadServerSecretKey(join(dir, 'server'), {});
    const second = await loadServerSecretKey(join(dir, 'server'), {});
    assert.deepEqual(first, second);
    assert.equal(statSync(join(dir, 'server', 'secret_key')).mode & 0o777, 0o600);
    const fromEnv = await loadServerSecretKey(join(dir, 'server'), { ZENML_SERVER_SECRET_KEY: 'k'.repeat(40) });
    assert.equal(new TextDecoder().decode(fromEnv), 'k'.repeat(40));
    await assert.rejects(loadServerSecretKey(join(dir, 'server'), { ZENML_SERVER_SECRET_KEY: 'short' }), /shorter than 32 characters/);
  });

  it('creates the administrator on an empty store with a generated password printed once and kept 0600', async () => {
    const h = await authHarness();
    try {
      await assert.rejects(assertBindAllowed('0.0.0.0', h.store, {}), /Refusing to listen on 0\.0\.0\.0 without an administrator password/);
      await assertBindAllowed('127.0.0.1', h.store, {});
      await assertBindAllowed('0.0.0.0', h.store, { ZENML_DEFAULT_USER_PASSWORD: 'chosen-by-a-person' });
      const printed: string[] = [];
      const serverDir = join(h.dir, 'server');
      const result = await ensureDefaultUser(h.store, { serverDir, env: {}, print: (line) => printed.push(line) });
      assert.equal(result.created, true);
      assert.equal(result.name, 'default');
      const password = readFileSync(result.passwordFile!, 'utf8').trim();
      assert.equal(statSync(result.passwordFile!).mode & 0o777, 0o600);
      assert.ok(printed.join('\n').includes(password), 'the generated password is printed');
      const admin = await h.store.getUser('default');
      assert.equal(admin.isAdmin, true);
      assert.equal((await login(h.app, { username: 'default', password })).status, 200);
      const again: string[] = [];
      assert.equal((await ensureDefaultUser(h.store, { serverDir, env: {}, print: (line) => again.push(line) })).created, false);
      assert.deepEqual(again, [], 'printed only once');
      await assertBindAllowed('0.0.0.0', h.store, {});
    } finally {
      await h.close();
    }
  });

  it('takes the administrator from ZENML_DEFAULT_USER_NAME and ZENML_DEFAULT_USER_PASSWORD', async () => {
    const h = await authHarness();
    try {
      const printed: string[] = [];
      await ensureDefaultUser(h.store, { serverDir: join(h.dir, 'server'), env: { ZENML_DEFAULT_USER_NAME: 'root', ZENML_DEFAULT_USER_PASSWORD: 'root-pass-123' }, print: (line) => printed.push(line) });
      assert.ok(!printed.join('\n').includes('root-pass-123'), 'a chosen password is never printed');
      const { token } = await login(h.app, { username: 'root', password: 'root-pass-123' });
      const me = await h.app.inject({ url: '/api/v1/users', headers: bearer(token!) });
      assert.equal(me.statusCode, 200);
    } finally {
      await h.close();
    }
  });
});
