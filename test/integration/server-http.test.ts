// The server's HTTP layer on a real SQLite store: health, info, the OpenAPI document, error
// mapping (the REST store rebuilds the local store's errors word for word), the version
// handshake, the project scope and the auth seam.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openZenStore } from '../../src/store/open-store.js';
import { RestZenStore } from '../../src/store/rest/rest-zen-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import type { StoreScope } from '../../src/core/identity-entities.js';
import { startTestServer, type RunningServer } from '../helpers/rest-server.js';
import { zenmlVersion } from '../../src/core/version.js';

let dir: string;
let local: ZenStore;
let server: RunningServer;
let rest: RestZenStore;
const scopes: StoreScope[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zenml-server-http-'));
  local = await openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
  // The real store, watched: which scopes the server asks for, and one method that fails like a bug.
  const watched = new Proxy(local, {
    get(target, key, receiver) {
      if (key === 'withScope') return (scope: StoreScope) => (scopes.push(scope), target);
      if (key === 'listTags') return () => Promise.reject(new Error('disk exploded at /var/secret/path'));
      return Reflect.get(target, key, receiver);
    },
  });
  server = await startTestServer(watched, {
    auth: (app) => {
      // The seam the auth plugin uses: route config carries `access`, the hook sets the principal.
      app.addHook('onRequest', async (request, reply) => {
        if (request.headers['x-test-deny'] && request.routeOptions.config.access !== 'public') {
          return reply.code(401).send({ error: 'ZenError', message: 'Log in again.', exitCode: 1 });
        }
        if (request.headers['x-test-user']) request.principal = { userId: String(request.headers['x-test-user']), isAdmin: false, kind: 'user', name: 'tester', tokenId: 'test', expiresAt: Number.MAX_SAFE_INTEGER };
      });
    },
  });
  rest = new RestZenStore(server.url);
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

test('GET /health answers 200 without auth; /api/v1/info tells version, database and auth scheme', async () => {
  const health = await get('/health', { 'x-test-deny': '1' });
  assert.equal(health.status, 200);
  const info = await (await get('/api/v1/info')).json();
  assert.deepEqual(info, { version: zenmlVersion(), databaseType: 'sqlite', authScheme: 'NO_AUTH', deploymentType: 'local' });
});

test('the OpenAPI document is served at /api/v1/openapi.json', async () => {
  const response = await get('/api/v1/openapi.json');
  assert.equal(response.status, 200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  assert.match(document.openapi, /^3\./);
  assert.ok(document.paths['/api/v1/runs/{nameOrId}']);
});

test('errors come back as the same class with the same message as the local store', async () => {
  for (const call of [(s: ZenStore) => s.getRun('no-such-run'), (s: ZenStore) => s.listPipelines({ sortBy: 'desc:nonsense' }), (s: ZenStore) => s.getArtifactVersion('nope', 3)]) {
    const expected = await call(local).then(() => assert.fail('the local store accepted it'), (error: Error) => error);
    await assert.rejects(call(rest), (error: Error & { exitCode?: number; hint?: string }) => {
      assert.equal(error.name, expected.name);
      assert.equal(error.message, expected.message);
      assert.equal(error.exitCode, (expected as typeof error).exitCode);
      assert.equal(error.hint, (expected as typeof error).hint);
      return true;
    });
  }
  const pipeline = await rest.getOrCreatePipeline('dup-check');
  await rest.createSnapshot({ pipelineId: pipeline.id, spec: {} }).then((snapshot) => rest.createRun({ name: 'dup-run', pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} }));
  await assert.rejects(rest.createRun({ name: 'dup-run', pipelineId: pipeline.id, snapshotId: 'x', config: {} }), { name: 'AlreadyExistsError' });
});

test('bad input is a 400 saying what is wrong; unknown routes a JSON 404; a bug a 500 with no details', async () => {
  const invalid = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', extra: 1 }) });
  assert.equal(invalid.status, 400);
  const body = (await invalid.json()) as { error: string; message: string };
  assert.equal(body.error, 'UsageError');
  assert.match(body.message, /^Invalid request: body/);
  const page = await get('/api/v1/runs?size=-3');
  assert.equal(page.status, 400);
  const malformed = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name": ' });
  assert.equal(malformed.status, 400);
  const missing = await get('/api/v1/no-such-thing');
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: string }).error, 'NotFoundError');
  const bug = await get('/api/v1/tags');
  assert.equal(bug.status, 500);
  const text = await bug.text();
  assert.doesNotMatch(text, /exploded|\/var\/secret|at .*\.ts/);
  await assert.rejects(rest.listTags(), (error: Error) => error.name === 'ZenError' && /failed to handle this request/.test(error.message));
});

test('a client of another minor version gets one clear error on its first call', async () => {
  const newer = new RestZenStore(server.url, { clientVersion: '0.99.0' });
  await assert.rejects(newer.listRuns(), (error: Error) => {
    assert.equal(error.message, `This client (zenml 0.99.0) and the server (${zenmlVersion()}) differ in minor version: install zenml@${zenmlVersion().split('.').slice(0, 2).join('.')} to talk to this server, or upgrade the server to 0.99.`);
    return true;
  });
  const patch = new RestZenStore(server.url, { clientVersion: `${zenmlVersion().split('.').slice(0, 2).join('.')}.999` });
  assert.ok(Array.isArray((await patch.listRuns()).items), 'a patch release talks to the server');
});

test('the project travels as a header (withScope) or ?project=, the user comes from the auth principal', async () => {
  scopes.length = 0;
  await rest.withScope({ project: 'team-a', userId: 'ignored' }).listPipelines();
  assert.deepEqual(scopes, [{ project: 'team-a', userId: undefined }]);
  scopes.length = 0;
  await get('/api/v1/pipelines?project=team-b', { 'x-test-user': 'u-1' });
  assert.deepEqual(scopes, [{ project: 'team-b', userId: 'u-1' }]);
  const denied = await get('/api/v1/pipelines', { 'x-test-deny': '1' });
  assert.equal(denied.status, 401);
});

test('completeStepRun over REST hands the registered versions to onRegistered; absent results are undefined', async () => {
  const pipeline = await rest.getOrCreatePipeline('completion');
  const snapshot = await rest.createSnapshot({ pipelineId: pipeline.id, spec: { steps: [] } });
  const run = await rest.createRun({ name: 'completion-run', pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
  const step = await rest.createStepRun({ runId: run.id, invocationId: 's', stepName: 's', status: 'running', parameters: {}, config: {}, inputs: {} });
  let seen: string[] = [];
  const id = crypto.randomUUID();
  const done = await rest.completeStepRun(step.id, {
    status: 'completed',
    newVersions: [{ id, name: 'completion-out', uri: '/x', artifactStoreId: 'a', materializer: 'm', dataType: 'd', type: 'data', outputName: 'output' }],
    onRegistered: (versions) => (seen = versions.map((v) => v.id)),
  });
  assert.deepEqual(seen, [id]);
  assert.equal(done.outputs.output, id);
  assert.equal(await rest.findCachedStepRun('no-such-key'), undefined);
  // Ciphertext never leaves the server.
  await assert.rejects(rest.getSecretEncryptedValues(crypto.randomUUID()), /stay on the server/);
  assert.equal(await rest.runNameExists('completion-run'), true);
});
