import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueToken, loadServerSecretKey } from '../../src/server/auth/index.js';
import { authHarness, bearer, login, type AuthHarness } from './auth-helpers.js';

const EXPIRED_LINE = /Your session has expired or was revoked: run `zenml login http:\/\/[^`]+` again\./;

describe('auth: login, sessions and route access', () => {
  let h: AuthHarness;
  let adminToken: string;
  let memberToken: string;
  before(async () => {
    h = await authHarness();
    await h.store.createUser({ name: 'ada', password: 'ada-secret-1', isAdmin: true });
    await h.store.createUser({ name: 'bob', password: 'bob-secret-1' });
    adminToken = (await login(h.app, { username: 'ada', password: 'ada-secret-1' })).token!;
    memberToken = (await login(h.app, { username: 'bob', password: 'bob-secret-1' })).token!;
  });
  after(() => h.close());

  it('logs in with JSON or a urlencoded form like ZenML, answering {access_token, token_type, expires_in}', async () => {
    const json = await login(h.app, { username: 'bob', password: 'bob-secret-1' });
    assert.equal(json.status, 200);
    assert.equal(json.body.token_type, 'bearer');
    assert.equal(json.body.expires_in, 24 * 3600);
    const form = await h.app.inject({ method: 'POST', url: '/api/v1/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=bob&password=bob-secret-1&grant_type=password' });
    assert.equal(form.statusCode, 200, form.body);
    const me = await h.app.inject({ url: '/api/v1/me', headers: bearer(form.json().access_token) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().name, 'bob');
    assert.equal(me.json().kind, 'user');
    assert.equal(me.json().isAdmin, false);
  });

  it('answers /health and login without a token, and nothing else', async () => {
    assert.equal((await h.app.inject({ url: '/health' })).statusCode, 200);
    const anonymous = await h.app.inject({ url: '/api/v1/me' });
    assert.equal(anonymous.statusCode, 401);
    assert.match(anonymous.json().message, /Not logged in: run `zenml login/);
    assert.equal((await h.app.inject({ url: '/api/v1/no-such-route' })).statusCode, 401);
  });

  it('refuses expired, forged and garbage tokens with the one line', async () => {
    const secretKey = await loadServerSecretKey(`${h.dir}/server`, {});
    const user = await h.store.getUser('bob');
    const expired = (await issueToken(secretKey, { userId: user.id, kind: 'user', isAdmin: false }, -60)).token;
    const forged = (await issueToken(new TextEncoder().encode('x'.repeat(64)), { userId: user.id, kind: 'user', isAdmin: true }, 3600)).token;
    for (const token of [expired, forged, 'not-a-jwt', `${memberToken}x`]) {
      const response = await h.app.inject({ url: '/api/v1/me', headers: bearer(token) });
      assert.equal(response.statusCode, 401, token);
      assert.match(response.json().message, EXPIRED_LINE);
    }
  });

  it('rejects wrong passwords and unknown users with 401 and issues nothing', async () => {
    const wrong = await login(h.app, { username: 'bob', password: 'nope' }, '10.0.0.9');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.token, undefined);
    assert.equal((await login(h.app, { username: 'nobody', password: 'nope' }, '10.0.0.9')).status, 401);
    assert.equal((await login(h.app, { username: 'bob' }, '10.0.0.9')).status, 400);
  });

  it('ends the session of a deactivated user, and of a deleted one', async () => {
    const carl = await h.store.createUser({ name: 'carl', password: 'carl-secret-1' });
    const token = (await login(h.app, { username: 'carl', password: 'carl-secret-1' })).token!;
    assert.equal((await h.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode, 200);
    await h.store.updateUser(carl.id, { active: false });
    const response = await h.app.inject({ url: '/api/v1/me', headers: bearer(token) });
    assert.equal(response.statusCode, 401);
    assert.match(response.json().message, EXPIRED_LINE);
    assert.equal((await login(h.app, { username: 'carl', password: 'carl-secret-1' })).status, 401);
    await h.store.deleteUser(carl.id);
    assert.equal((await h.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode, 401);
  });

  it('logs a service account in with an API key (api_key field or ZenML password-only form) until the key is deactivated', async () => {
    const robot = await h.store.createUser({ name: 'robot', isServiceAccount: true });
    const { apiKey, key } = await h.store.createApiKey(robot.id, { name: 'ci' });
    const viaField = await login(h.app, { api_key: key });
    assert.equal(viaField.status, 200);
    assert.equal(viaField.body.expires_in, 3600);
    const viaPassword = await login(h.app, { password: key });
    assert.equal(viaPassword.status, 200);
    const me = await h.app.inject({ url: '/api/v1/me', headers: bearer(viaField.token!) });
    assert.equal(me.json().kind, 'service_account');
    assert.equal(me.json().apiKeyId, apiKey.id);
    await h.store.updateApiKey(robot.id, apiKey.id, { active: false });
    const after = await h.app.inject({ url: '/api/v1/me', headers: bearer(viaField.token!) });
    assert.equal(after.statusCode, 401);
    assert.match(after.json().message, EXPIRED_LINE);
    assert.equal((await login(h.app, { api_key: key })).status, 401);
  });

  it('keeps admin routes for administrators, and follows a demotion at once', async () => {
    assert.equal((await h.app.inject({ url: '/api/v1/users', headers: bearer(memberToken) })).statusCode, 403);
    assert.equal((await h.app.inject({ url: '/api/v1/users', headers: bearer(adminToken) })).statusCode, 200);
    const dora = await h.store.createUser({ name: 'dora', password: 'dora-secret-1', isAdmin: true });
    const token = (await login(h.app, { username: 'dora', password: 'dora-secret-1' })).token!;
    assert.equal((await h.app.inject({ url: '/api/v1/users', headers: bearer(token) })).statusCode, 200);
    await h.store.updateUser(dora.id, { isAdmin: false });
    assert.equal((await h.app.inject({ url: '/api/v1/users', headers: bearer(token) })).statusCode, 403);
  });

  it('logout ends that token only', async () => {
    const first = (await login(h.app, { username: 'bob', password: 'bob-secret-1' })).token!;
    const second = (await login(h.app, { username: 'bob', password: 'bob-secret-1' })).token!;
    assert.equal((await h.app.inject({ method: 'POST', url: '/api/v1/logout', headers: bearer(first) })).statusCode, 204);
    assert.equal((await h.app.inject({ url: '/api/v1/me', headers: bearer(first) })).statusCode, 401);
    assert.equal((await h.app.inject({ url: '/api/v1/me', headers: bearer(second) })).statusCode, 200);
  });

  it('keeps a logged-out token refused after the server restarts (the store remembers it), with the one line', async () => {
    const restartable = await authHarness({ sessionCacheMs: 2000 });
    await restartable.store.createUser({ name: 'rita', password: 'rita-secret-1' });
    const ended = (await login(restartable.app, { username: 'rita', password: 'rita-secret-1' })).token!;
    const kept = (await login(restartable.app, { username: 'rita', password: 'rita-secret-1' })).token!;
    // Seen once before the logout: a cached "not revoked" must not outlive the logout.
    assert.equal((await restartable.app.inject({ url: '/api/v1/me', headers: bearer(ended) })).statusCode, 200);
    assert.equal((await restartable.app.inject({ method: 'POST', url: '/api/v1/logout', headers: bearer(ended) })).statusCode, 204);
    await restartable.close({ keepFiles: true });
    const restarted = await authHarness({ dir: restartable.dir, sessionCacheMs: 2000 });
    try {
      const refused = await restarted.app.inject({ url: '/api/v1/me', headers: bearer(ended) });
      assert.equal(refused.statusCode, 401);
      assert.match(refused.json().message, EXPIRED_LINE);
      assert.equal(refused.json().message.split('\n').length, 1, 'one line');
      assert.equal((await restarted.app.inject({ url: '/api/v1/me', headers: bearer(kept) })).statusCode, 200, 'the other session survives the restart');
    } finally {
      await restarted.close();
    }
  });

  it('lets owners and admins change what they own, hides private secrets of others, and keeps roles for admins', async () => {
    const bob = await h.store.getUser('bob');
    const eve = await h.store.createUser({ name: 'eve', password: 'eve-secret-1' });
    const eveToken = (await login(h.app, { username: 'eve', password: 'eve-secret-1' })).token!;
    const asBob = h.store.withScope({ userId: bob.id });
    const shared = await asBob.createSecret({ name: 'shared', keys: [], private: false, backend: 'sql' });
    const mine = await asBob.createSecret({ name: 'mine', keys: [], private: true, backend: 'sql' });
    const del = (id: string, token: string) => h.app.inject({ method: 'DELETE', url: `/api/v1/secrets/${id}`, headers: bearer(token) });
    assert.equal((await del(shared.id, eveToken)).statusCode, 403);
    const hidden = await del(mine.id, eveToken);
    assert.notEqual(hidden.statusCode, 204);
    assert.ok(!hidden.body.includes('mine'), "another member's private secret is never named");
    assert.equal((await del(shared.id, memberToken)).statusCode, 204);
    assert.equal((await del(mine.id, adminToken)).statusCode, 204);
    const put = (id: string, token: string, payload: object) => h.app.inject({ method: 'PUT', url: `/api/v1/users/${id}`, headers: bearer(token), payload });
    assert.equal((await put(bob.id, memberToken, { fullName: 'Bob B' })).statusCode, 200);
    assert.equal((await put(eve.id, memberToken, { fullName: 'Eve?' })).statusCode, 403);
    assert.equal((await put(bob.id, memberToken, { isAdmin: true })).statusCode, 403);
    assert.equal((await put(eve.id, adminToken, { active: false })).statusCode, 200);
  });

  it("gives a workload token its run's resources and nothing else", async () => {
    const bob = await h.store.getUser('bob');
    const { token } = await h.auth.issue({ userId: bob.id, kind: 'workload', isAdmin: false, runId: 'run-1', secrets: [] });
    assert.equal((await h.app.inject({ url: '/api/v1/runs/run-1', headers: bearer(token) })).statusCode, 200);
    assert.equal((await h.app.inject({ url: '/api/v1/runs/run-2', headers: bearer(token) })).statusCode, 403);
    assert.equal((await h.app.inject({ url: '/api/v1/stacks', headers: bearer(token) })).statusCode, 200);
    assert.equal((await h.app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode, 403);
    assert.equal((await h.app.inject({ url: '/api/v1/users', headers: bearer(token) })).statusCode, 403);
    // A member reaches any run; the run-scoped rule binds workload tokens only.
    assert.equal((await h.app.inject({ url: '/api/v1/runs/run-2', headers: bearer(memberToken) })).statusCode, 200);
  });

  it('issues workload tokens for an existing run, carrying the secrets its steps declared', async () => {
    const pipeline = await h.store.getOrCreatePipeline('p');
    const snapshot = await h.store.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [{ id: 'a', config: { secrets: ['db', 'aws'] } }, { id: 'b', config: {} }] } });
    const run = await h.store.createRun({ name: 'p-run', pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
    const response = await h.app.inject({ url: `/api/v1/api_token?token_type=workload&pipeline_run_id=${run.id}`, headers: bearer(memberToken) });
    assert.equal(response.statusCode, 200, response.body);
    const token = response.json() as string;
    assert.equal((await h.app.inject({ url: `/api/v1/runs/${run.id}`, headers: bearer(token) })).statusCode, 200);
    const secretKey = await loadServerSecretKey(`${h.dir}/server`, {});
    const { verifyToken } = await import('../../src/server/auth/tokens.js');
    const claims = await verifyToken(secretKey, token);
    assert.deepEqual(claims.secrets, ['aws', 'db']);
    assert.equal(claims.kind, 'workload');
    // Store routes by operation: its own run, declared secrets and what steps read; nothing else.
    const other = await h.store.createRun({ name: 'p-run-2', pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
    const bob = await h.store.getUser('bob');
    await h.store.withScope({ userId: bob.id }).createSecret({ name: 'db', keys: [], private: false, backend: 'sql' });
    await h.store.withScope({ userId: bob.id }).createSecret({ name: 'other', keys: [], private: false, backend: 'sql' });
    const get = async (url: string) => (await h.app.inject({ url, headers: bearer(token) })).statusCode;
    assert.equal(await get(`/api/v1/op/getRun/${run.id}`), 200);
    assert.equal(await get(`/api/v1/op/getRun/${other.id}`), 403);
    assert.equal(await get('/api/v1/op/getSecret/db'), 200);
    assert.equal(await get('/api/v1/op/getSecret/other'), 403);
    assert.equal(await get('/api/v1/op/getStack/default'), 200);
    assert.equal(await get('/api/v1/op/listRuns'), 403);
    // A workload token cannot mint more tokens.
    assert.equal((await h.app.inject({ url: `/api/v1/api_token?pipeline_run_id=${run.id}`, headers: bearer(token) })).statusCode, 403);
  });
});
