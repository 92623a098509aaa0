// The authorization matrix: every route of the API (the store's route table, the secret value
// routes, login, health) called by anonymous, a member, another member, an admin, a service
// account, a deactivated API key and a deactivated user, each answering the status its `access`
// tag and the resource's owner call for; and another member's private secret (name, id,
// values) appears in no response to anyone but its owner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import { RestZenStore } from '../../src/store/rest/rest-zen-store.js';
import { API_PREFIX, API_ROUTES, SECRET_VALUE_ROUTES, fillPath, type Access, type ApiRoute } from '../../src/store/rest/api-routes.js';
import { buildServer } from '../../src/server/app.js';
import { createAuthSetup, ensureDefaultUser, loadServerSecretKey } from '../../src/server/auth/index.js';

type Who = 'anonymous' | 'member' | 'otherMember' | 'admin' | 'serviceAccount' | 'deactivatedKey' | 'deactivatedUser';
const EVERYONE: Who[] = ['anonymous', 'member', 'otherMember', 'admin', 'serviceAccount', 'deactivatedKey', 'deactivatedUser'];
const PASSWORD = 'matrix-pw-123456';
const PRIVATE_VALUE = 'private-value-9d2e7a41';

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}
/** The request one principal sends to one route; `n` makes names unique per call. */
type Build = (n: string) => Call | Promise<Call>;

let dir: string;
let backend: ZenStore;
let app: FastifyInstance;
let url: string;
const tokens: Partial<Record<Who, string>> = {};
/** Everything the member (ada) owns, made through the server as she would. */
let ada: RestZenStore;
let fx: Record<string, string>;
let privateSecret: { id: string; name: string };

async function login(body: Record<string, string>): Promise<string> {
  const response = await app.inject({ method: 'POST', url: `${API_PREFIX}/login`, payload: body });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().access_token;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zenml-authz-'));
  backend = await openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
  const env = { ZENML_DEFAULT_USER_PASSWORD: PASSWORD };
  await ensureDefaultUser(backend, { serverDir: join(dir, 'server'), env, print: () => undefined });
  const secretKey = await loadServerSecretKey(join(dir, 'server'), env);
  // No session cache: a deactivation is refused on the very next request.
  app = await buildServer({ store: backend, auth: createAuthSetup({ secretKey, env, sessionCacheMs: 0 }), secrets: { configDir: join(dir, 'server'), key: 'ab'.repeat(32) } });
  url = await app.listen({ host: '127.0.0.1', port: 0 });

  tokens.admin = await login({ username: 'default', password: PASSWORD });
  const asAdmin = new RestZenStore(url, { token: () => tokens.admin });
  for (const name of ['ada', 'bob', 'carl']) await asAdmin.createUser({ name, password: PASSWORD });
  const account = await asAdmin.createUser({ name: 'ci', isServiceAccount: true });
  const { key } = await asAdmin.createApiKey(account.id, { name: 'default' });
  const { key: doomedKey } = await asAdmin.createApiKey(account.id, { name: 'doomed' });
  tokens.member = await login({ username: 'ada', password: PASSWORD });
  tokens.otherMember = await login({ username: 'bob', password: PASSWORD });
  tokens.serviceAccount = await login({ api_key: key });
  tokens.deactivatedKey = await login({ api_key: doomedKey });
  tokens.deactivatedUser = await login({ username: 'carl', password: PASSWORD });
  await asAdmin.updateApiKey(account.id, 'doomed', { active: false });
  const carl = await asAdmin.getUser('carl');
  await asAdmin.updateUser(carl.id, { active: false });

  ada = new RestZenStore(url, { token: () => tokens.member });
  const pipeline = await ada.getOrCreatePipeline('matrix');
  const snapshot = await ada.createSnapshot({ pipelineId: pipeline.id, spec: {} } as never);
  const run = await ada.createRun({ name: 'matrix-run', pipelineId: pipeline.id, snapshotId: snapshot.id, config: {} });
  const stepRun = await ada.createStepRun({ runId: run.id, invocationId: 'one', stepName: 'one', status: 'running', parameters: {}, config: {}, inputs: {} });
  const defaultStack = await ada.getStack('default');
  const artifactStoreId = defaultStack.components.artifact_store;
  const version = await ada.createArtifactVersion(newVersion('matrix-artifact', artifactStoreId));
  const model = await ada.createModel({ name: 'matrix-model' });
  const modelVersion = await ada.createModelVersion(model.id, { name: 'v1' });
  const tag = await ada.createTag({ name: 'matrix-tag' });
  const schedule = await ada.createSchedule(newSchedule('matrix-schedule', pipeline.id));
  const template = await ada.createRunTemplate(newRunTemplate('matrix-template', artifactStoreId));
  const component = await ada.createStackComponent({ name: 'matrix-orchestrator', type: 'orchestrator', flavor: 'local', config: {} });
  const stack = await ada.createStack({ name: 'matrix-stack', components: { orchestrator: component.id, artifact_store: artifactStoreId } });
  const shared = await ada.secretValues!.createSecret({ name: 'ada-shared', values: { k: 'shared-value' } });
  const secret = await ada.secretValues!.createSecret({ name: 'ada-private', values: { token: PRIVATE_VALUE }, private: true });
  privateSecret = { id: secret.id, name: secret.name };
  fx = {
    pipeline: pipeline.id,
    snapshot: snapshot.id,
    run: run.id,
    stepRun: stepRun.id,
    artifact: version.artifactId ?? 'matrix-artifact',
    version: version.id,
    artifactStoreId,
    model: model.id,
    modelName: model.name,
    modelVersion: modelVersion.id,
    tag: tag.id,
    schedule: schedule.id,
    template: template.id,
    component: component.id,
    stack: stack.id,
    shared: shared.id,
    ada: (await asAdmin.getUser('ada')).id,
    account: account.id,
  };
});

after(async () => {
  await app?.close();
  await backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

function newVersion(name: string, artifactStoreId: string) {
  return { id: randomUUID(), name, uri: `/tmp/zenml-matrix/${randomUUID()}`, artifactStoreId, materializer: 'zenml.json', dataType: 'number', type: 'data' as const };
}

function newRunTemplate(name: string, artifactStoreId: string) {
  return { name, pipelineName: 'matrix', spec: { steps: [] }, sourceFile: 'pipeline.ts', runConfig: {}, codeUri: '/tmp/zenml-matrix/code.json.gz', codeHash: 'abc', artifactStoreId };
}

function newSchedule(name: string, pipelineId: string) {
  return { name, pipelineId, sourceFile: '/tmp/pipeline.ts', runConfig: {}, cronExpression: '0 3 * * *', catchup: false, active: true };
}

/** Deletes and other one-way calls get a fresh resource of the member's per call, so each principal meets the same situation. */
const fresh = {
  pipeline: async (n: string) => (await ada.getOrCreatePipeline(`fresh-${n}`)).id,
  run: async (n: string) => (await ada.createRun({ name: `fresh-${n}`, pipelineId: fx.pipeline, snapshotId: fx.snapshot, config: {} })).id,
  stepRun: async (n: string) => (await ada.createStepRun({ runId: fx.run, invocationId: `fresh-${n}`, stepName: 'one', status: 'running', parameters: {}, config: {}, inputs: {} })).id,
  version: async (n: string) => (await ada.createArtifactVersion(newVersion(`fresh-${n}`, fx.artifactStoreId))).id,
  tag: async (n: string) => (await ada.createTag({ name: `fresh-${n}` })).id,
  model: async (n: string) => (await ada.createModel({ name: `fresh-${n}` })).id,
  modelVersion: async (n: string) => (await ada.createModelVersion(fx.model, { name: `fresh-${n}` })).id,
  schedule: async (n: string) => (await ada.createSchedule(newSchedule(`fresh-${n}`, fx.pipeline))).id,
  template: async (n: string) => (await ada.createRunTemplate(newRunTemplate(`fresh-${n}`, fx.artifactStoreId))).id,
  component: async (n: string) => (await ada.createStackComponent({ name: `fresh-${n}`, type: 'orchestrator', flavor: 'local', config: {} })).id,
  stack: async (n: string) => (await ada.createStack({ name: `fresh-${n}`, components: { orchestrator: fx.component, artifact_store: fx.artifactStoreId } })).id,
  secret: async (n: string) => (await ada.secretValues!.createSecret({ name: `fresh-${n}`, values: { k: 'v' } })).id,
  apiKey: async (n: string) => (await new RestZenStore(url, { token: () => tokens.admin }).createApiKey(fx.account, { name: `fresh-${n}` })).apiKey.id,
  user: async (n: string) => (await new RestZenStore(url, { token: () => tokens.admin }).createUser({ name: `fresh-${n}`, password: PASSWORD })).id,
  project: async (n: string) => (await new RestZenStore(url, { token: () => tokens.admin }).createProject({ name: `fresh-${n}` })).id,
};

const now = () => new Date().toISOString();
const p = (params: Record<string, string>, rest: Omit<Call, 'params'> = {}): Call => ({ params, ...rest });

/** A valid minimal request per store operation; the compiler insists on one for each. */
const REQUESTS: Record<ApiRoute['operation'], Build> = {
  getOrCreatePipeline: (n) => ({ body: { name: `p-${n}` } }),
  getPipeline: () => p({ nameOrId: fx.pipeline }),
  listPipelines: () => ({}),
  deletePipeline: async (n) => p({ nameOrId: await fresh.pipeline(n) }),
  createSnapshot: () => ({ body: { pipelineId: fx.pipeline, spec: {} } }),
  getSnapshot: () => p({ id: fx.snapshot }),
  createRun: (n) => ({ body: { name: `r-${n}`, pipelineId: fx.pipeline, snapshotId: fx.snapshot, config: {} } }),
  startRun: (n) => ({ body: { pipeline: { name: `sp-${n}` }, snapshot: { spec: {} }, run: { name: `sr-${n}`, config: {} }, onNameTaken: 'fail' } }),
  getRun: () => p({ nameOrId: fx.run }),
  listRuns: () => ({ query: { size: '5' } }),
  updateRun: () => p({ id: fx.run }, { body: { heartbeat: now() } }),
  deleteRun: async (n) => p({ nameOrId: await fresh.run(n) }),
  runNameExists: () => p({ name: 'matrix-run' }),
  listActiveRunOwners: () => ({}),
  failRuns: async (n) => ({ body: { ids: [await fresh.run(n)], reason: 'matrix' } }),
  createStepRun: (n) => ({ body: { runId: fx.run, invocationId: `s-${n}`, stepName: 'one', status: 'running', parameters: {}, config: {}, inputs: {} } }),
  startStepRun: (n) => ({ body: { stepRun: { runId: fx.run, invocationId: `ss-${n}`, stepName: 'one', status: 'running', parameters: {}, config: {}, inputs: {} }, options: { useCache: true } } }),
  getStepRun: () => p({ id: fx.stepRun }),
  listStepRuns: () => p({ runId: fx.run }),
  updateStepRun: () => p({ id: fx.stepRun }, { body: { attempts: 1 } }),
  completeStepRun: async (n) => p({ id: await fresh.stepRun(n) }, { body: { status: 'completed', newVersions: [] } }),
  findCachedStepRun: () => p({ cacheKey: 'no-such-key' }),
  getArtifact: () => p({ nameOrId: 'matrix-artifact' }),
  listArtifacts: () => ({}),
  getArtifactVersion: () => p({ nameOrId: fx.version }),
  listArtifactVersions: () => ({}),
  createArtifactVersion: (n) => ({ body: newVersion(`a-${n}`, fx.artifactStoreId) }),
  deleteArtifactVersion: async (n) => p({ id: await fresh.version(n) }),
  listConsumers: () => p({ id: fx.version }),
  listUnusedArtifactVersions: () => ({}),
  getArtifactVersionUsage: () => p({ id: fx.version }),
  pruneArtifactVersions: async (n) => ({ body: { ids: [await fresh.version(n)] } }),
  addMetadata: () => p({ resourceType: 'pipeline_run', resourceId: fx.run }, { body: { values: { matrix: 1 } } }),
  getMetadata: () => p({ resourceType: 'pipeline_run', resourceId: fx.run }),
  addTags: () => p({ resourceType: 'pipeline_run', resourceId: fx.run }, { body: { tags: ['matrix'] } }),
  updateTags: () => p({ resourceType: 'pipeline_run', resourceId: fx.run }, { body: { add: ['matrix-2'] } }),
  createTag: (n) => ({ body: { name: `t-${n}` } }),
  getTag: () => p({ nameOrId: fx.tag }),
  listTags: () => ({}),
  updateTag: () => p({ nameOrId: fx.tag }, { body: { color: 'red' } }),
  deleteTag: async (n) => p({ nameOrId: await fresh.tag(n) }),
  createModel: (n) => ({ body: { name: `m-${n}` } }),
  getModel: () => p({ nameOrId: fx.model }),
  listModels: () => ({}),
  updateModel: () => p({ nameOrId: fx.model }, { body: { description: 'matrix' } }),
  deleteModel: async (n) => p({ nameOrId: await fresh.model(n) }),
  createModelVersion: (n) => p({ model: fx.model }, { body: { name: `v-${n}` } }),
  getOrCreateRunModelVersion: () => p({ runId: fx.run }, { body: { name: fx.modelName } }),
  getModelVersion: () => p({ model: fx.model }),
  getModelVersionById: () => p({ id: fx.modelVersion }),
  listModelVersions: () => ({}),
  updateModelVersion: () => p({ id: fx.modelVersion }, { body: { description: 'matrix' } }),
  listStageTransitions: () => p({ id: fx.modelVersion }),
  deleteModelVersion: async (n) => p({ id: await fresh.modelVersion(n) }),
  linkArtifactToModelVersion: () => p({ id: fx.modelVersion }, { body: { artifactVersionId: fx.version, type: 'data' } }),
  linkRunToModelVersion: () => p({ id: fx.modelVersion }, { body: { runId: fx.run } }),
  listModelVersionArtifacts: () => p({ id: fx.modelVersion }),
  listModelVersionRuns: () => p({ id: fx.modelVersion }),
  listRunModelVersions: () => p({ runId: fx.run }),
  createSchedule: (n) => ({ body: newSchedule(`sch-${n}`, fx.pipeline) }),
  getSchedule: () => p({ nameOrId: fx.schedule }),
  listSchedules: () => ({}),
  updateSchedule: () => p({ nameOrId: fx.schedule }, { body: { active: true } }),
  claimScheduleFiring: () => p({ id: fx.schedule }, { body: { firing: now() } }),
  deleteSchedule: async (n) => p({ nameOrId: await fresh.schedule(n) }),
  createRunTemplate: (n) => ({ body: newRunTemplate(`tpl-${n}`, fx.artifactStoreId) }),
  getRunTemplate: () => p({ nameOrId: fx.template }),
  listRunTemplates: () => ({}),
  deleteRunTemplate: async (n) => p({ nameOrId: await fresh.template(n) }),
  createStackComponent: (n) => ({ body: { name: `c-${n}`, type: 'orchestrator', flavor: 'local', config: {} } }),
  getStackComponent: () => p({ type: 'orchestrator', nameOrId: fx.component }),
  listStackComponents: () => ({}),
  updateStackComponent: () => p({ id: fx.component }, { body: { config: {} } }),
  deleteStackComponent: async (n) => p({ id: await fresh.component(n) }),
  createStack: (n) => ({ body: { name: `st-${n}`, components: { orchestrator: fx.component, artifact_store: fx.artifactStoreId } } }),
  getStack: () => p({ nameOrId: fx.stack }),
  getHydratedStack: () => p({ nameOrId: fx.stack }),
  listStacks: () => ({}),
  updateStack: () => p({ id: fx.stack }, { body: { components: { orchestrator: fx.component, artifact_store: fx.artifactStoreId } } }),
  deleteStack: async (n) => p({ id: await fresh.stack(n) }),
  createSecret: (n) => ({ body: { name: `sec-${n}`, keys: ['k'], private: false, backend: 'sql' } }),
  getSecret: () => p({ nameOrId: fx.shared }),
  listSecrets: () => ({}),
  updateSecret: () => p({ id: fx.shared }, { body: { private: false } }),
  deleteSecret: async (n) => p({ id: await fresh.secret(n) }),
  createUser: (n) => ({ body: { name: `u-${n}`, password: PASSWORD } }),
  getUser: () => p({ nameOrId: fx.ada }),
  listUsers: () => ({}),
  updateUser: () => p({ id: fx.ada }, { body: { fullName: 'Ada Lovelace' } }),
  deleteUser: async (n) => p({ id: await fresh.user(n) }),
  verifyUserPassword: () => ({ body: { name: 'ada', password: 'wrong' } }),
  createApiKey: (n) => p({ serviceAccountId: fx.account }, { body: { name: `k-${n}` } }),
  getApiKey: () => p({ serviceAccountId: fx.account, nameOrId: 'default' }),
  listApiKeys: () => p({ serviceAccountId: fx.account }),
  updateApiKey: () => p({ serviceAccountId: fx.account, nameOrId: 'default' }, { body: { description: 'matrix' } }),
  rotateApiKey: async (n) => p({ serviceAccountId: fx.account, nameOrId: await fresh.apiKey(n) }, { body: {} }),
  deleteApiKey: async (n) => p({ serviceAccountId: fx.account, nameOrId: await fresh.apiKey(n) }),
  verifyApiKey: () => ({ body: { key: 'not-a-key' } }),
  createProject: (n) => ({ body: { name: `proj-${n}` } }),
  getProject: () => p({ nameOrId: 'default' }),
  listProjects: () => ({}),
  updateProject: async (n) => p({ nameOrId: await fresh.project(n) }, { body: { description: 'matrix' } }),
  deleteProject: async (n) => p({ nameOrId: await fresh.project(n) }),
};

interface Row {
  name: string;
  method: string;
  path: string;
  access: Access;
  build: Build;
  /** For owner-or-admin rows: the member (ada) owns the resource. */
  expect?: Partial<Record<Who, number>>;
}

const { create, update, get } = SECRET_VALUE_ROUTES;
const ROWS: Row[] = [
  ...API_ROUTES.map((route): Row => ({ name: route.operation, method: route.method, path: route.path, access: route.access, build: REQUESTS[route.operation] })),
  { name: create.operation, method: create.method, path: create.path, access: create.access, build: (n) => ({ body: { name: `sv-${n}`, values: { k: 'v' } } }) },
  { name: update.operation, method: update.method, path: update.path, access: update.access, build: () => p({ nameOrId: fx.shared }, { body: { values: { k: 'shared-value' } } }) },
  { name: get.operation, method: get.method, path: get.path, access: get.access, build: () => p({ nameOrId: fx.shared }) },
  // The member's private secret: its owner reads it; to everyone else it does not exist.
  { name: 'getSecret (private)', method: 'GET', path: '/secrets/:nameOrId', access: 'member', build: () => p({ nameOrId: privateSecret.id }), expect: { otherMember: 404, admin: 404, serviceAccount: 404 } },
  { name: 'getSecretValues (private)', method: 'GET', path: get.path, access: 'member', build: () => p({ nameOrId: privateSecret.name }), expect: { otherMember: 404, admin: 404, serviceAccount: 404 } },
  { name: 'deleteSecret (private)', method: 'DELETE', path: '/secrets/:id', access: 'owner-or-admin', build: () => p({ id: privateSecret.id }), expect: { member: 0, otherMember: 404, admin: 404, serviceAccount: 404 } },
];

/** What a principal must get: 401 without a valid session, 403 without the right, 2xx otherwise (0: not sent). */
function expected(row: Row, who: Who): number {
  if (row.expect?.[who] !== undefined) return row.expect[who]!;
  if (who === 'anonymous' || who === 'deactivatedKey' || who === 'deactivatedUser') return 401;
  if (row.access === 'admin') return who === 'admin' ? 200 : 403;
  if (row.access === 'owner-or-admin') return who === 'admin' || who === 'member' ? 200 : 403;
  return 200;
}

test('every route answers every principal as its access tag and the owner say, and never shows a private secret', { timeout: 120_000 }, async () => {
  const failures: string[] = [];
  const leaks: string[] = [];
  let counter = 0;
  for (const row of ROWS) {
    for (const who of EVERYONE) {
      const want = expected(row, who);
      if (want === 0) continue;
      const n = `${who.toLowerCase()}-${++counter}`;
      const call = await row.build(n);
      const query = new URLSearchParams(call.query ?? {});
      const target = `${API_PREFIX}${fillPath({ path: row.path } as ApiRoute, call.params ?? {})}${query.size ? `?${query}` : ''}`;
      const token = tokens[who];
      const response = await app.inject({
        method: row.method as 'GET',
        url: target,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        ...(call.body !== undefined ? { payload: call.body as object } : row.method === 'GET' || row.method === 'DELETE' ? {} : { payload: {} }),
      });
      const got = response.statusCode;
      const ok = want === 200 ? got >= 200 && got < 300 : got === want;
      if (!ok) failures.push(`${row.method} ${row.path} (${row.name}) as ${who}: ${got}, expected ${want === 200 ? '2xx' : want}: ${response.body.slice(0, 200)}`);
      // A 404 may echo what the caller asked for; anything else about the secret is a leak.
      const asked = `${target} ${JSON.stringify(call.body ?? '')}`;
      const needles = [privateSecret.id, privateSecret.name, PRIVATE_VALUE].filter((needle) => !asked.includes(needle));
      if (who !== 'member' && needles.some((needle) => response.body.includes(needle))) {
        leaks.push(`${row.method} ${target} as ${who}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(leaks, [], "another member's private secret showed in a response");
});

test('login, health and the OpenAPI document answer without a token; a wrong password is a 401', async () => {
  assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: `${API_PREFIX}/openapi.json` })).statusCode, 200);
  assert.equal((await app.inject({ method: 'POST', url: `${API_PREFIX}/login`, payload: { username: 'ada', password: 'wrong' } })).statusCode, 401);
  assert.equal((await app.inject({ method: 'POST', url: `${API_PREFIX}/login`, payload: { username: 'carl', password: PASSWORD } })).statusCode, 401, 'a deactivated user cannot log in');
  assert.equal((await app.inject({ method: 'POST', url: `${API_PREFIX}/login`, payload: { username: 'ada', password: PASSWORD } })).statusCode, 200);
  // The workload token route: members only, and never to the anonymous.
  const workload = `${API_PREFIX}/api_token?token_type=workload&pipeline_run_id=${fx.run}`;
  assert.equal((await app.inject({ method: 'GET', url: workload })).statusCode, 401);
  assert.equal((await app.inject({ method: 'GET', url: workload, headers: { authorization: `Bearer ${tokens.member}` } })).statusCode, 200);
  assert.equal((await app.inject({ method: 'GET', url: workload, headers: { authorization: `Bearer ${tokens.deactivatedKey}` } })).statusCode, 401);
});

test('the private secret reads back for its owner only', async () => {
  const response = await app.inject({ method: 'GET', url: `${API_PREFIX}/secrets/ada-private/values`, headers: { authorization: `Bearer ${tokens.member}` } });
  assert.equal(response.statusCode, 200);
  assert.equal(response.json().values.token, PRIVATE_VALUE);
});
