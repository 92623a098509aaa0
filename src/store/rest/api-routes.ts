/**
 * The REST API, one entry per ZenStore method: its HTTP method and path under /api/v1, where
 * each argument travels (path, query or body), the JSON schemas of what may be sent, how the
 * result comes back, and who may call it. The server (src/server/routes.ts) registers its
 * routes from this table and the REST store (rest-zen-store.ts) builds its calls from it, so
 * neither side hand-writes a handler and the two cannot drift apart.
 */
import { MODEL_ARTIFACT_TYPES, MODEL_STAGES } from '../../core/model-entities.js';
import { INLINE_VISUALIZATION_BYTES, VISUALIZATION_TYPES } from '../../core/materializer.js';
import type { RunModel } from '../../core/entities.js';
import type { ZenStore } from '../zen-store.js';
import * as s from './api-schemas.js';
import type { JsonSchema } from './api-schemas.js';

export const API_PREFIX = '/api/v1';
/** The project a request works in (a name or id), when it is not `default`; `?project=` works too. */
export const PROJECT_HEADER = 'x-zenml-project';
/** The acting user, honoured only by a server without authentication (in-process tests); a real server takes the user from the token. */
export const USER_HINT_HEADER = 'x-zenml-user';
/** The client's package version, for the version handshake. */
export const CLIENT_VERSION_HEADER = 'x-zenml-client-version';
export const SERVER_VERSION_HEADER = 'x-zenml-server-version';

/** Every ZenStore method the API carries (a view's own plumbing stays on the client). */
/**
 * The store's sealing internals stay on the server: ciphertext and the key check never travel
 * (a client's key check would lock the server out of its own secrets); so do session
 * revocations, which the server's own auth records (a client ends its session by logging out).
 */
export const SERVER_ONLY_OPERATIONS = ['getSecretEncryptedValues', 'ensureSecretsKeyCheck', 'getSecretsKeyCheck', 'revokeToken', 'isTokenRevoked'] as const;
export type StoreOperation = Exclude<keyof ZenStore, 'close' | 'url' | 'scope' | 'withScope' | 'secretValues' | 'cachedRead' | (typeof SERVER_ONLY_OPERATIONS)[number]>;

/**
 * Who may call a route; src/server/auth enforces it. `public`: anyone, no token; `member`:
 * any active user of the project; `owner-or-admin`: the user the resource belongs to (or
 * the user themself, for user routes) or an admin; `admin`: admins only.
 */
export type Access = 'public' | 'member' | 'owner-or-admin' | 'admin';

/**
 * Where one argument of the store method travels. `query` and `body` without a name carry a
 * whole object argument (a filter, a new entity); with a name, the argument is that one field.
 */
export type ArgPlace =
  | { in: 'path'; name: string; schema: JsonSchema }
  | { in: 'query'; name: string; schema: JsonSchema; required?: boolean }
  | { in: 'query'; name?: undefined; properties: Record<string, JsonSchema> }
  | { in: 'body'; name: string; schema: JsonSchema; required?: boolean }
  | { in: 'body'; name?: undefined; schema: JsonSchema };

/**
 * How the result travels: `json` the value itself (an entity, a page, a list); `void` 204 and
 * no body; `value` wrapped as `{ value }`, with null for undefined (strings, booleans, and
 * results that may be absent); `completion` a completed step run with the versions it
 * registered, handed to the caller's `onRegistered`.
 */
export type ResultKind = 'json' | 'void' | 'value' | 'completion';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRoute {
  operation: StoreOperation;
  method: HttpMethod;
  /** Under API_PREFIX, fastify syntax (`/runs/:nameOrId`). */
  path: string;
  access: Access;
  /** OpenAPI tag: the resource it works on. */
  tag: string;
  summary: string;
  args: ArgPlace[];
  result: ResultKind;
  /**
   * The 200 answer's schema, on hot routes: fastify then serializes with a compiled
   * serializer instead of JSON.stringify (and OpenAPI documents it). Keyed by the model's own
   * fields (see `modelSchema`), so a field added to the model cannot be dropped silently.
   */
  response?: JsonSchema;
  /**
   * A read whose answer depends only on the data, the project and the query: a server may
   * send the same serialized answer again while the store reports no write in between.
   */
  reusableAnswer?: boolean;
}

type Spec = Omit<ApiRoute, 'operation' | 'method' | 'path' | 'tag'>;

/** An answer's schema with one entry per field of the model: the compiler insists on all of them. */
function modelSchema<Model>(properties: { [Field in keyof Required<Model>]: JsonSchema }, required: Array<keyof Model & string>): JsonSchema {
  return { type: 'object', properties, required };
}
const pageOf = (items: JsonSchema): JsonSchema => ({
  type: 'object',
  properties: { items: { type: 'array', items }, total: { type: 'integer' }, page: { type: 'integer' }, size: { type: 'integer' }, next: { type: 'string' } },
  required: ['items', 'total', 'page', 'size'],
});
const answerText = (): JsonSchema => ({ type: 'string' });
const runModel = modelSchema<RunModel>(
  {
    id: answerText(),
    name: answerText(),
    pipelineId: answerText(),
    pipelineName: answerText(),
    snapshotId: answerText(),
    stackId: answerText(),
    status: answerText(),
    statusReason: answerText(),
    // Free-form: serialized as given.
    config: { type: 'object', additionalProperties: true },
    created: answerText(),
    started: answerText(),
    ended: answerText(),
    pid: { type: 'integer' },
    host: answerText(),
    heartbeat: answerText(),
    originalRunId: answerText(),
    stopRequested: answerText(),
    scheduleId: answerText(),
    owner: answerText(),
    tags: { type: 'array', items: answerText() },
  },
  ['id', 'name', 'pipelineId', 'pipelineName', 'snapshotId', 'status', 'config', 'created', 'tags'],
);

const path = (name: string, schema: JsonSchema = s.nameOrId()): ArgPlace => ({ in: 'path', name, schema });
const query = (properties: Record<string, JsonSchema>): ArgPlace => ({ in: 'query', properties });
const queryField = (name: string, schema: JsonSchema): ArgPlace => ({ in: 'query', name, schema });
const body = (schema: JsonSchema): ArgPlace => ({ in: 'body', schema });
const bodyField = (name: string, schema: JsonSchema, required = true): ArgPlace => ({ in: 'body', name, schema, required });

function spec(access: Access, summary: string, args: ArgPlace[], result: ResultKind = 'json'): Spec {
  return { access, summary, args, result };
}

// Entity schemas: what may be written. Free-form JSON (configs, specs, parameters) is kept as given.
const STATUSES = ['initializing', 'running', 'completed', 'cached', 'failed', 'retrying', 'stopped', 'skipped'];
const ARTIFACT_TYPES = ['data', 'model', 'deployment', 'schema', 'statistics', 'service'];
const METADATA_RESOURCES = ['pipeline_run', 'step_run', 'artifact_version', 'model_version'];
const TAGGABLE_RESOURCES = ['pipeline', 'pipeline_run', 'artifact', 'artifact_version', 'model', 'model_version'];
const tags = () => s.list(s.text(s.MAX_NAME));
const idMap = () => s.record(s.id());
const metadataValues = () => s.record(s.anyJson());

const newRun = s.object(
  { name: s.name(), pipelineId: s.id(), snapshotId: s.id(), stackId: s.id(), config: s.jsonObject(), originalRunId: s.id(), tags: tags(), scheduleId: s.id(), pid: s.integer(0), host: s.text(s.MAX_NAME) },
  ['name', 'pipelineId', 'snapshotId', 'config'],
);
const runStart = s.object(
  {
    pipeline: s.object({ name: s.name(), description: s.text() }, ['name']),
    snapshot: s.object({ spec: s.anyJson(), sourceFile: s.text(4096), sourceExport: s.text(s.MAX_NAME) }, ['spec']),
    run: s.object({ name: s.name(), stackId: s.id(), config: s.jsonObject(), originalRunId: s.id(), tags: tags(), scheduleId: s.id(), pid: s.integer(0), host: s.text(s.MAX_NAME) }, ['name', 'config']),
    status: s.oneOfValues(['initializing', 'running']),
    onNameTaken: s.oneOfValues(['suffix', 'fail']),
  },
  ['pipeline', 'snapshot', 'run', 'onNameTaken'],
);
const runUpdate = s.object({
  status: s.oneOfValues(STATUSES),
  statusReason: s.text(),
  started: s.timestamp(),
  ended: s.timestamp(),
  heartbeat: s.timestamp(),
  stopRequested: s.oneOfValues(['graceful', 'immediate']),
  // A run handed to workers gives up its driver process (dead-run detection then goes by heartbeat).
  pid: { type: 'null' },
});
const newStepRun = s.object(
  {
    runId: s.id(),
    invocationId: s.name(),
    stepName: s.name(),
    status: s.oneOfValues(STATUSES),
    cacheKey: s.text(s.MAX_NAME),
    parameters: s.jsonObject(),
    config: s.jsonObject(),
    inputs: idMap(),
    attempts: s.integer(0, 1_000_000),
    logsUri: s.text(4096),
  },
  ['runId', 'invocationId', 'stepName', 'status', 'parameters', 'config', 'inputs'],
);
const scheduleFields = {
  name: s.name(),
  cronExpression: s.text(256),
  timezone: s.text(128),
  startTime: s.timestamp(),
  endTime: s.timestamp(),
  catchup: s.bool(),
  active: s.bool(),
  runConfig: s.jsonObject(),
  nextFireTime: s.timestamp(),
};
const newSchedule = s.object({ ...scheduleFields, pipelineId: s.id(), sourceFile: s.text(4096), sourceExport: s.name() }, ['name', 'pipelineId', 'sourceFile', 'runConfig', 'cronExpression', 'catchup', 'active']);
const newRunTemplate = s.object(
  {
    name: s.name(),
    description: s.text(),
    pipelineName: s.name(),
    spec: s.jsonObject(),
    sourceFile: s.text(4096),
    sourceExport: s.name(),
    runConfig: s.jsonObject(),
    codeUri: s.text(4096),
    codeHash: s.text(128),
    artifactStoreId: s.id(),
  },
  ['name', 'pipelineName', 'spec', 'sourceFile', 'runConfig', 'codeUri', 'codeHash', 'artifactStoreId'],
);
const scheduleUpdate = s.object({ ...scheduleFields, lastFired: s.timestamp(), clearNextFireTime: s.bool() });
const scheduleClaim = s.object({ firing: s.timestamp(), lastFired: s.timestamp(), nextFireTime: s.timestamp() }, ['firing']);
const stepRunUpdate = s.object({ status: s.oneOfValues(STATUSES), error: s.text(), attempts: s.integer(0, 1_000_000), started: s.timestamp(), ended: s.timestamp(), logsUri: s.text(4096) });
const newArtifactVersionProperties = {
  id: s.id(),
  name: s.name(),
  uri: s.text(4096),
  artifactStoreId: s.id(),
  materializer: s.text(1024),
  dataType: s.text(1024),
  type: s.oneOfValues(ARTIFACT_TYPES),
  contentHash: s.text(1024),
  fileHashes: { type: 'object', maxProperties: 100_000, propertyNames: { type: 'string', maxLength: 4096 }, additionalProperties: { type: 'string', pattern: '^([0-9a-f]{64}|xxh128:[0-9a-f]{32})$' } },
  size: { type: 'number', minimum: 0 },
  // The store explains a refused version name better than a schema could (all digits, empty).
  version: s.text(s.MAX_NAME),
  visualizations: s.list(s.object({ type: s.oneOfValues(VISUALIZATION_TYPES), file: s.text(1024), value: s.text(INLINE_VISUALIZATION_BYTES) }, ['type', 'file'])),
  metadata: metadataValues(),
  tags: tags(),
};
const newArtifactVersionRequired = ['id', 'name', 'uri', 'artifactStoreId', 'materializer', 'dataType', 'type'];
const newArtifactVersion = s.object(newArtifactVersionProperties, newArtifactVersionRequired);
const stepCompletion = s.object(
  {
    status: s.oneOfValues(['completed', 'cached']),
    newVersions: s.list(s.object({ ...newArtifactVersionProperties, outputName: s.name() }, [...newArtifactVersionRequired, 'outputName'])),
    reusedOutputs: idMap(),
    originalStepRunId: s.id(),
    endRun: s.bool(),
  },
  ['status', 'newVersions'],
);
const snapshot = s.object({ pipelineId: s.id(), spec: s.anyJson(), sourceFile: s.text(4096), sourceExport: s.text(s.MAX_NAME) }, ['pipelineId', 'spec']);
const tagChange = s.object({ add: tags(), remove: tags() });
const modelCard = { description: s.text(), license: s.text(), audience: s.text(), useCases: s.text(), limitations: s.text(), tradeOffs: s.text(), ethics: s.text() };
const newModel = s.object({ name: s.name(), ...modelCard, tags: tags() }, ['name']);
const modelUpdate = s.object({ name: s.name(), ...modelCard, addTags: tags(), removeTags: tags() });
const newModelVersion = s.object({ name: s.name(), description: s.text(), tags: tags(), producerRunId: s.id() });
const modelVersionUpdate = s.object({
  name: s.name(),
  description: s.text(),
  stage: s.oneOfValues(MODEL_STAGES),
  force: s.bool(),
  actor: s.text(s.MAX_NAME),
  addTags: tags(),
  removeTags: tags(),
});
const newComponent = s.object({ name: s.name(), type: s.name(), flavor: s.name(), config: s.jsonObject(), owner: s.id() }, ['name', 'type', 'flavor', 'config']);
const componentUpdate = s.object({ name: s.name(), config: s.jsonObject() });
const newStack = s.object({ name: s.name(), owner: s.id(), components: idMap() }, ['name', 'components']);
const stackUpdate = s.object({ name: s.name(), components: idMap() });
const encryptedValues = () => s.text(16 * 1024 * 1024);
const newSecret = s.object(
  { id: s.id(), name: s.name(), keys: s.list(s.text(s.MAX_NAME)), owner: s.id(), private: s.bool(), backend: s.oneOfValues(['sql', 'keychain']), encryptedValues: encryptedValues() },
  ['name', 'keys', 'private', 'backend'],
);
const secretUpdate = s.object({
  name: s.name(),
  keys: s.list(s.text(s.MAX_NAME)),
  private: s.bool(),
  backend: s.oneOfValues(['sql', 'keychain']),
  encryptedValues: { type: ['string', 'null'], maxLength: 16 * 1024 * 1024 },
});
const password = () => s.text(1024);
const newUser = s.object(
  { name: s.name(), password: password(), fullName: s.text(s.MAX_NAME), email: s.text(s.MAX_NAME), description: s.text(), isAdmin: s.bool(), isServiceAccount: s.bool(), active: s.bool() },
  ['name'],
);
const userUpdate = s.object({ name: s.name(), password: password(), fullName: s.text(s.MAX_NAME), email: s.text(s.MAX_NAME), description: s.text(), isAdmin: s.bool(), active: s.bool() });
const newApiKey = s.object({ name: s.name(), description: s.text() }, ['name']);
const apiKeyUpdate = s.object({ name: s.name(), description: s.text(), active: s.bool() });
const newProject = s.object({ name: s.name(), displayName: s.text(s.MAX_NAME), description: s.text() }, ['name']);
const projectUpdate = s.object({ name: s.name(), displayName: s.text(s.MAX_NAME), description: s.text() });
const force = () => queryField('force', s.bool());

/**
 * The table, keyed by store method so the compiler insists on an entry for each. Keys are
 * `METHOD /path`; paths use ZenML's resource names (runs, steps, artifact_versions, ...).
 */
const TABLE: Record<StoreOperation, [`${HttpMethod} /${string}`, string, Spec]> = {
  getOrCreatePipeline: ['POST /pipelines', 'pipelines', spec('member', 'Get the pipeline with this name, creating it if there is none.', [bodyField('name', s.name()), bodyField('description', s.text(), false)])],
  getPipeline: ['GET /pipelines/:nameOrId', 'pipelines', spec('member', 'Get a pipeline by name, id or unique id prefix.', [path('nameOrId')])],
  listPipelines: ['GET /pipelines', 'pipelines', spec('member', 'List pipelines.', [query(s.listFilter({ tag: s.filterExpression() }))])],
  deletePipeline: ['DELETE /pipelines/:nameOrId', 'pipelines', spec('member', 'Delete a pipeline and its runs.', [path('nameOrId')], 'void')],

  createSnapshot: ['POST /snapshots', 'snapshots', spec('member', 'Store a compiled pipeline snapshot.', [body(snapshot)])],
  getSnapshot: ['GET /snapshots/:id', 'snapshots', spec('member', 'Get a snapshot.', [path('id', s.id())])],

  createRun: ['POST /runs', 'runs', spec('member', 'Create a pipeline run.', [body(newRun)])],
  startRun: ['POST /runs/start', 'runs', spec('member', 'Get or create the pipeline, store the snapshot and create the run, in one transaction; answers { pipeline, snapshot, run }.', [body(runStart)])],
  getRun: ['GET /runs/:nameOrId', 'runs', spec('member', 'Get a run by name, id or unique id prefix.', [path('nameOrId')])],
  listRuns: ['GET /runs', 'runs', { ...spec('member', 'List runs, newest first.', [query(s.listFilter({ pipeline: s.filterExpression(), status: s.filterExpression(), tag: s.filterExpression(), after: s.text(1024), scheduleId: s.id() }))]), response: pageOf(runModel), reusableAnswer: true }],
  updateRun: ['PUT /runs/:id', 'runs', spec('member', 'Update a run: status, reason, times, heartbeat, a stop request.', [path('id', s.id()), body(runUpdate)])],
  deleteRun: ['DELETE /runs/:nameOrId', 'runs', spec('member', 'Delete a run and its step runs.', [path('nameOrId')], 'void')],
  runNameExists: ['GET /run_names/:name', 'runs', spec('member', 'Whether a run of this name exists ({ value: boolean }).', [path('name', s.name())], 'value')],
  listActiveRunOwners: ['GET /active_run_owners', 'runs', spec('member', 'Who owns each run still initializing, running or retrying.', [])],
  failRuns: ['POST /runs/fail', 'runs', spec('member', 'Mark these runs failed (those still active), with their running steps.', [bodyField('ids', s.list(s.id())), bodyField('reason', s.text())])],

  createStepRun: ['POST /steps', 'steps', spec('member', 'Create a step run.', [body(newStepRun)])],
  startStepRun: [
    'POST /steps/start',
    'steps',
    spec('member', 'Create a step run; with options.useCache also find the step run it may reuse, with its outputs; answers { stepRun, cacheCandidate? }.', [bodyField('stepRun', newStepRun), bodyField('options', s.object({ useCache: s.bool() }), false)]),
  ],
  getStepRun: ['GET /steps/:id', 'steps', spec('member', 'Get a step run by id or unique id prefix.', [path('id', s.id())])],
  listStepRuns: ['GET /runs/:runId/steps', 'steps', spec('member', 'The step runs of a run, in creation order.', [path('runId', s.id())])],
  updateStepRun: ['PUT /steps/:id', 'steps', spec('member', 'Update a step run.', [path('id', s.id()), body(stepRunUpdate)])],
  completeStepRun: ['POST /steps/:id/complete', 'steps', spec('member', "Register a step's outputs and mark it done, atomically; answers { stepRun, registered }.", [path('id', s.id()), body(stepCompletion)], 'completion')],
  findCachedStepRun: ['GET /steps/cached/:cacheKey', 'steps', spec('member', 'The newest completed step run with this cache key ({ value: step run | null }).', [path('cacheKey', s.name())], 'value')],

  getArtifact: ['GET /artifacts/:nameOrId', 'artifacts', spec('member', 'Get an artifact by name, id or unique id prefix.', [path('nameOrId')])],
  listArtifacts: ['GET /artifacts', 'artifacts', spec('member', 'List artifacts.', [query(s.listFilter({ tag: s.filterExpression() }))])],
  getArtifactVersion: ['GET /artifact_versions/:nameOrId', 'artifact_versions', spec('member', 'Get a version by id, or by artifact name and ?version= (number or name; latest when omitted).', [path('nameOrId'), queryField('version', { type: ['integer', 'string'], maxLength: s.MAX_NAME })])],
  listArtifactVersions: ['GET /artifact_versions', 'artifact_versions', spec('member', 'List artifact versions.', [query(s.listFilter({ tag: s.filterExpression(), after: s.text(1024) }))])],
  createArtifactVersion: ['POST /artifact_versions', 'artifact_versions', spec('member', 'Register an artifact version outside a run.', [body(newArtifactVersion)])],
  deleteArtifactVersion: ['DELETE /artifact_versions/:id', 'artifact_versions', spec('member', 'Delete an artifact version.', [path('id', s.id())], 'void')],
  listConsumers: ['GET /artifact_versions/:id/consumers', 'artifact_versions', spec('member', 'Step runs that consumed this version.', [path('id', s.id())])],
  listUnusedArtifactVersions: ['GET /unused_artifact_versions', 'artifact_versions', spec('member', 'Versions no run, model version or tag needs, oldest first.', [])],
  getArtifactVersionUsage: ['GET /artifact_versions/:id/usage', 'artifact_versions', spec('member', 'The runs, model versions and tags that use a version ({ runIds, modelVersionIds, tags }).', [path('id', s.id())])],
  pruneArtifactVersions: ['POST /artifact_versions/prune', 'artifact_versions', spec('member', 'Delete those of these versions still unused, and artifacts left without versions ({ versionIds, artifactIds }).', [bodyField('ids', s.list(s.id()))])],

  addMetadata: ['POST /metadata/:resourceType/:resourceId', 'metadata', spec('member', 'Add metadata values to a resource.', [path('resourceType', s.oneOfValues(METADATA_RESOURCES)), path('resourceId', s.id()), bodyField('values', metadataValues())], 'void')],
  getMetadata: ['GET /metadata/:resourceType/:resourceId', 'metadata', spec('member', "A resource's metadata, the latest value per key.", [path('resourceType', s.oneOfValues(METADATA_RESOURCES)), path('resourceId', s.id())])],

  addTags: ['POST /tag_resources/:resourceType/:resourceId', 'tags', spec('member', 'Tag a resource.', [path('resourceType', s.oneOfValues(TAGGABLE_RESOURCES)), path('resourceId', s.id()), bodyField('tags', tags())], 'void')],
  updateTags: ['PATCH /tag_resources/:resourceType/:resourceId', 'tags', spec('member', 'Add and remove tags of a resource in one transaction.', [path('resourceType', s.oneOfValues(TAGGABLE_RESOURCES)), path('resourceId', s.id()), body(tagChange)], 'void')],
  createTag: ['POST /tags', 'tags', spec('member', 'Create a tag.', [body(s.object({ name: s.text(s.MAX_NAME), color: s.text(64) }, ['name']))])],
  getTag: ['GET /tags/:nameOrId', 'tags', spec('member', 'Get a tag by name, id or unique id prefix.', [path('nameOrId')])],
  listTags: ['GET /tags', 'tags', spec('member', 'List tags.', [query(s.listFilter())])],
  updateTag: ['PUT /tags/:nameOrId', 'tags', spec('member', 'Rename or recolor a tag.', [path('nameOrId'), body(s.object({ name: s.text(s.MAX_NAME), color: s.text(64) }))])],
  deleteTag: ['DELETE /tags/:nameOrId', 'tags', spec('member', 'Remove a tag from every resource and delete it.', [path('nameOrId')], 'void')],

  createModel: ['POST /models', 'models', spec('member', 'Create a model.', [body(newModel)])],
  getModel: ['GET /models/:nameOrId', 'models', spec('member', 'Get a model by name, id or unique id prefix.', [path('nameOrId')])],
  listModels: ['GET /models', 'models', spec('member', 'List models.', [query(s.listFilter({ tag: s.filterExpression() }))])],
  updateModel: ['PUT /models/:nameOrId', 'models', spec('member', "Update a model's card, name or tags.", [path('nameOrId'), body(modelUpdate)])],
  deleteModel: ['DELETE /models/:nameOrId', 'models', spec('member', 'Delete a model (with a version in production only with ?force=true).', [path('nameOrId'), query({ force: s.bool() })], 'void')],
  createModelVersion: ['POST /models/:model/versions', 'model_versions', spec('member', 'Create a version of a model.', [path('model'), body(newModelVersion)])],
  getOrCreateRunModelVersion: ['POST /runs/:runId/model_version', 'model_versions', spec('member', 'The version a run works under when its model config names none (created once per model and run).', [body(newModel), path('runId', s.id())])],
  getModelVersion: ['GET /models/:model/version', 'model_versions', spec('member', 'A version by ?version= number, name, stage, latest or id; the newest when omitted.', [path('model'), queryField('version', { type: ['integer', 'string'], maxLength: s.MAX_NAME })])],
  getModelVersionById: ['GET /model_versions/:id', 'model_versions', spec('member', 'Get a model version by id.', [path('id', s.id())])],
  listModelVersions: ['GET /model_versions', 'model_versions', spec('member', 'List model versions.', [query(s.listFilter({ model: s.nameOrId(), stage: s.oneOfValues(MODEL_STAGES), tag: s.filterExpression() }))])],
  updateModelVersion: ['PUT /model_versions/:id', 'model_versions', spec('member', 'Rename, describe, tag or promote a model version.', [path('id', s.id()), body(modelVersionUpdate)])],
  listStageTransitions: ['GET /model_versions/:id/stage_transitions', 'model_versions', spec('member', "A version's stage changes, oldest first.", [path('id', s.id())])],
  deleteModelVersion: ['DELETE /model_versions/:id', 'model_versions', spec('member', 'Delete a model version (one in production only with ?force=true).', [path('id', s.id()), query({ force: s.bool() })], 'void')],
  linkArtifactToModelVersion: ['POST /model_versions/:id/artifacts', 'model_versions', spec('member', 'Link an artifact version to a model version.', [path('id', s.id()), bodyField('artifactVersionId', s.id()), bodyField('type', s.oneOfValues(MODEL_ARTIFACT_TYPES))], 'void')],
  linkRunToModelVersion: ['POST /model_versions/:id/runs', 'model_versions', spec('member', 'Link a run to a model version.', [path('id', s.id()), bodyField('runId', s.id())], 'void')],
  listModelVersionArtifacts: ['GET /model_versions/:id/artifacts', 'model_versions', spec('member', 'Artifact versions linked to a model version.', [path('id', s.id()), query({ ...s.pageRequest(), type: s.oneOfValues(MODEL_ARTIFACT_TYPES) })])],
  listModelVersionRuns: ['GET /model_versions/:id/runs', 'model_versions', spec('member', 'Runs linked to a model version.', [path('id', s.id()), query(s.pageRequest())])],
  listRunModelVersions: ['GET /runs/:runId/model_versions', 'model_versions', spec('member', 'Model versions a run is linked to.', [path('runId', s.id())])],

  createSchedule: ['POST /schedules', 'schedules', spec('member', 'Create a schedule.', [body(newSchedule)])],
  getSchedule: ['GET /schedules/:nameOrId', 'schedules', spec('member', 'Get a schedule by name, id or unique id prefix.', [path('nameOrId')])],
  listSchedules: ['GET /schedules', 'schedules', spec('member', 'List schedules.', [query(s.listFilter({ pipeline: s.nameOrId(), active: s.bool(), dueBefore: s.timestamp() }))])],
  updateSchedule: ['PUT /schedules/:nameOrId', 'schedules', spec('member', 'Pause, resume or change a schedule.', [path('nameOrId'), body(scheduleUpdate)])],
  claimScheduleFiring: ['POST /schedules/:id/claim', 'schedules', spec('member', 'Claim a firing (only one scheduler wins it); answers the schedule, or { value: null } when another claimed it.', [path('id', s.id()), body(scheduleClaim)], 'value')],
  deleteSchedule: ['DELETE /schedules/:nameOrId', 'schedules', spec('member', 'Delete a schedule (its runs stay, unlinked).', [path('nameOrId')], 'void')],

  createRunTemplate: ['POST /pipeline_snapshots', 'pipeline snapshots', spec('member', 'Keep a compiled pipeline and its code archive under a name.', [body(newRunTemplate)])],
  getRunTemplate: ['GET /pipeline_snapshots/:nameOrId', 'pipeline snapshots', spec('member', 'Get a pipeline snapshot by name, id or unique id prefix.', [path('nameOrId')])],
  listRunTemplates: ['GET /pipeline_snapshots', 'pipeline snapshots', spec('member', 'List pipeline snapshots, newest first.', [query(s.listFilter({ pipeline: s.name() }))])],
  deleteRunTemplate: ['DELETE /pipeline_snapshots/:nameOrId', 'pipeline snapshots', spec('member', 'Delete a pipeline snapshot record (the client removes its code archive).', [path('nameOrId')], 'void')],

  createStackComponent: ['POST /components', 'components', spec('member', 'Register a stack component.', [body(newComponent)])],
  getStackComponent: ['GET /components/:type/:nameOrId', 'components', spec('member', 'Get a component of a type by name, id or unique id prefix.', [path('type', s.name()), path('nameOrId')])],
  listStackComponents: ['GET /components', 'components', spec('member', 'List stack components.', [query(s.listFilter({ type: s.text(s.MAX_NAME) }))])],
  updateStackComponent: ['PUT /components/:id', 'components', spec('owner-or-admin', "Rename a component or replace its config.", [path('id', s.id()), body(componentUpdate)])],
  deleteStackComponent: ['DELETE /components/:id', 'components', spec('owner-or-admin', 'Delete a stack component.', [path('id', s.id())], 'void')],

  createStack: ['POST /stacks', 'stacks', spec('member', 'Register a stack.', [body(newStack)])],
  getHydratedStack: ['GET /stacks/:nameOrId/hydrated', 'stacks', spec('member', 'Get a stack with its components ({ stack, components }).', [path('nameOrId')])],
  getStack: ['GET /stacks/:nameOrId', 'stacks', spec('member', 'Get a stack by name, id or unique id prefix.', [path('nameOrId')])],
  listStacks: ['GET /stacks', 'stacks', spec('member', 'List stacks.', [query(s.listFilter())])],
  updateStack: ['PUT /stacks/:id', 'stacks', spec('owner-or-admin', "Rename a stack or change its components.", [path('id', s.id()), body(stackUpdate)])],
  deleteStack: ['DELETE /stacks/:id', 'stacks', spec('owner-or-admin', 'Delete a stack.', [path('id', s.id())], 'void')],

  createSecret: ['POST /secrets', 'secrets', spec('member', "Create a secret's record.", [body(newSecret)])],
  getSecret: ['GET /secrets/:nameOrId', 'secrets', spec('member', 'Get a secret by name, id or unique id prefix (never its values).', [path('nameOrId')])],
  listSecrets: ['GET /secrets', 'secrets', spec('member', 'List secrets (private ones only to their owner).', [query(s.listFilter())])],
  updateSecret: ['PUT /secrets/:id', 'secrets', spec('owner-or-admin', 'Update a secret.', [path('id', s.id()), body(secretUpdate)])],
  deleteSecret: ['DELETE /secrets/:id', 'secrets', spec('owner-or-admin', 'Delete a secret.', [path('id', s.id())], 'void')],

  createUser: ['POST /users', 'users', spec('admin', 'Create a user or a service account.', [body(newUser)])],
  getUser: ['GET /users/:nameOrId', 'users', spec('member', 'Get a user by name or id.', [path('nameOrId')])],
  listUsers: ['GET /users', 'users', spec('member', 'List users.', [query(s.listFilter({ isServiceAccount: s.bool(), active: s.bool() }))])],
  updateUser: ['PUT /users/:id', 'users', spec('owner-or-admin', 'Update a user (admins only may change isAdmin or active).', [path('id', s.id()), body(userUpdate)])],
  deleteUser: ['DELETE /users/:id', 'users', spec('admin', 'Delete a user.', [path('id', s.id())], 'void')],
  verifyUserPassword: ['POST /users/verify_password', 'users', spec('admin', 'The active user with this name and password ({ value: user | null }).', [bodyField('name', s.name()), bodyField('password', password())], 'value')],

  createApiKey: ['POST /service_accounts/:serviceAccountId/api_keys', 'api_keys', spec('admin', 'Create an API key for a service account; the key is in this answer only.', [path('serviceAccountId'), body(newApiKey)])],
  getApiKey: ['GET /service_accounts/:serviceAccountId/api_keys/:nameOrId', 'api_keys', spec('admin', 'Get an API key (never the key itself).', [path('serviceAccountId'), path('nameOrId')])],
  listApiKeys: ['GET /service_accounts/:serviceAccountId/api_keys', 'api_keys', spec('admin', "List a service account's API keys.", [path('serviceAccountId'), query(s.listFilter({ active: s.bool() }))])],
  updateApiKey: ['PUT /service_accounts/:serviceAccountId/api_keys/:nameOrId', 'api_keys', spec('admin', 'Rename, describe, activate or deactivate an API key.', [path('serviceAccountId'), path('nameOrId'), body(apiKeyUpdate)])],
  rotateApiKey: ['POST /service_accounts/:serviceAccountId/api_keys/:nameOrId/rotate', 'api_keys', spec('admin', 'A new key for this API key; the old one keeps working for retainMinutes.', [path('serviceAccountId'), path('nameOrId'), body(s.object({ retainMinutes: s.integer(0, 525_600) }))])],
  deleteApiKey: ['DELETE /service_accounts/:serviceAccountId/api_keys/:nameOrId', 'api_keys', spec('admin', 'Delete an API key.', [path('serviceAccountId'), path('nameOrId')], 'void')],
  verifyApiKey: ['POST /api_keys/verify', 'api_keys', spec('admin', 'The active service account and key behind a key string ({ value: { user, apiKey } | null }).', [bodyField('key', s.text(1024))], 'value')],

  createProject: ['POST /projects', 'projects', spec('admin', 'Create a project.', [body(newProject)])],
  getProject: ['GET /projects/:nameOrId', 'projects', spec('member', 'Get a project by name or id.', [path('nameOrId')])],
  listProjects: ['GET /projects', 'projects', spec('member', 'List projects.', [query(s.listFilter())])],
  updateProject: ['PUT /projects/:nameOrId', 'projects', spec('admin', 'Update a project.', [path('nameOrId'), body(projectUpdate)])],
  deleteProject: ['DELETE /projects/:nameOrId', 'projects', spec('admin', "Delete a project (never 'default', nor one that still holds anything).", [path('nameOrId')], 'void')],
};

export const API_ROUTES: readonly ApiRoute[] = Object.entries(TABLE).map(([operation, [route, tag, entry]]) => {
  const [method, routePath] = route.split(' ') as [HttpMethod, string];
  return { operation: operation as StoreOperation, method, path: routePath, tag, ...entry };
});

/** The schemas fastify validates a route's request with (params, querystring, body). */
export function requestSchemas(route: ApiRoute): { params?: JsonSchema; querystring: JsonSchema; body?: JsonSchema } {
  const params: Record<string, JsonSchema> = {};
  const queryProperties: Record<string, JsonSchema> = { project: { type: 'string', maxLength: s.MAX_NAME, description: `The project to work in (or the ${PROJECT_HEADER} header).` } };
  const bodyProperties: Record<string, JsonSchema> = {};
  const bodyRequired: string[] = [];
  let wholeBody: JsonSchema | undefined;
  for (const place of route.args) {
    if (place.in === 'path') params[place.name] = place.schema;
    else if (place.in === 'query') Object.assign(queryProperties, place.name === undefined ? place.properties : { [place.name]: place.schema });
    else if (place.name === undefined) wholeBody = place.schema;
    else {
      bodyProperties[place.name] = place.schema;
      if (place.required) bodyRequired.push(place.name);
    }
  }
  const names = Object.keys(params);
  return {
    ...(names.length ? { params: s.object(params, names) } : {}),
    querystring: s.object(queryProperties),
    ...(wholeBody ? { body: wholeBody } : Object.keys(bodyProperties).length ? { body: s.object(bodyProperties, bodyRequired) } : {}),
  };
}

/** `/runs/:nameOrId` with its path arguments filled in, URL-encoded. */
export function fillPath(route: ApiRoute, values: Record<string, string>): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name]));
}

/**
 * Centralized secrets (a ZenStore's `secretValues`, not one of its methods): values travel to
 * the server in plain text over the connection and are sealed there; ciphertext never leaves it.
 */
const secretValues = s.record(s.text(), 256);
const nameOrIdParams = s.object({ nameOrId: s.nameOrId() }, ['nameOrId']);
export const SECRET_VALUE_ROUTES = {
  create: {
    operation: 'createSecretWithValues',
    method: 'POST',
    path: '/secret_values',
    access: 'member' as Access,
    summary: 'Create a secret with its values, sealed with the server key.',
    body: s.object({ name: s.name(), values: secretValues, private: s.bool() }, ['name', 'values']),
  },
  update: {
    operation: 'updateSecretValues',
    method: 'PUT',
    path: '/secrets/:nameOrId/values',
    access: 'owner-or-admin' as Access,
    summary: "Add, overwrite or remove a secret's keys, or make it private.",
    params: nameOrIdParams,
    body: s.object({ values: secretValues, removeKeys: s.list(s.name(), 256), private: s.bool() }),
  },
  get: {
    operation: 'getSecretValues',
    method: 'GET',
    path: '/secrets/:nameOrId/values',
    access: 'member' as Access,
    summary: "A secret's values (private secrets only to their owner; workload tokens only the secrets their run declared).",
    params: nameOrIdParams,
  },
} as const;
