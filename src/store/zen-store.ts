import type {
  ActiveRunOwner,
  ArtifactModel,
  ArtifactVersionModel,
  ExecutionStatus,
  MetadataEntry,
  MetadataResourceType,
  NewArtifactVersion,
  ListFilter,
  Page,
  PageRequest,
  NewSecret,
  PipelineModel,
  RunModel,
  SecretModel,
  SecretUpdate,
  SecretValuesService,
  SnapshotModel,
  StackComponentModel,
  StackModel,
  StepRunModel,
  TaggableResourceType,
} from '../core/entities.js';
import type { MetadataValue } from '../core/materializer.js';
import type { ApiKeyModel, ApiKeyUpdate, ApiKeyWithSecret, NewProject, NewUser, ProjectModel, ProjectUpdate, StoreScope, UserFilter, UserModel, UserUpdate } from '../core/identity-entities.js';
import type {
  ModelArtifactType,
  ModelFilter,
  ModelModel,
  ModelUpdate,
  ModelVersionArtifactFilter,
  ModelVersionArtifactModel,
  ModelVersionFilter,
  ModelVersionModel,
  ModelVersionUpdate,
  NewModel,
  NewModelVersion,
  StageTransitionModel,
  TagFilter,
  TagModel,
} from '../core/model-entities.js';
import type { NewRunTemplate, RunTemplateFilter, RunTemplateModel } from '../core/run-template-entities.js';
import type { NewSchedule, ScheduleFilter, ScheduleFiringClaim, ScheduleModel, ScheduleUpdate } from '../core/schedule-entities.js';

export interface RunFilter extends ListFilter {
  /** Pipeline name or id, or a filter expression on the pipeline name (`startswith:train`). */
  pipeline?: string;
  /** A status, or a filter expression (`oneof:[failed,stopped]`). */
  status?: ExecutionStatus | string;
  tag?: string;
  /** Keyset cursor (a page's `next`): the page after it, without an OFFSET scan; `page` is then ignored. */
  after?: string;
  /** Only runs fired by this schedule (id). */
  scheduleId?: string;
}

export interface NewRun {
  /** The process that drives the run and its host, for dead-run detection; the store's own when omitted (a server must be told). */
  pid?: number;
  host?: string;
  name: string;
  pipelineId: string;
  snapshotId: string;
  stackId?: string;
  config: Record<string, unknown>;
  originalRunId?: string;
  tags?: string[];
  /** The schedule whose firing created the run. */
  scheduleId?: string;
}

export type RunUpdate = Partial<Pick<RunModel, 'status' | 'statusReason' | 'started' | 'ended' | 'heartbeat' | 'stopRequested'>> & {
  /** `null` hands the run's liveness from its process to its heartbeat (runs driven by queue workers). */
  pid?: null;
};

export interface NewStepRun {
  runId: string;
  invocationId: string;
  stepName: string;
  status: ExecutionStatus;
  cacheKey?: string;
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
  /** Input name → artifact version id. */
  inputs: Record<string, string>;
  /** Attempts already begun (a step that starts running right away: 1). Default 0. */
  attempts?: number;
  /** Where the step's logs will be written (known before it starts, so no extra update). */
  logsUri?: string;
}

export type StepRunUpdate = Partial<Pick<StepRunModel, 'status' | 'error' | 'attempts' | 'started' | 'ended' | 'logsUri'>>;

/**
 * Everything a launcher stores before its first step, in one call (one request to a server):
 * the pipeline (got or created), the snapshot and the run.
 */
export interface RunStart {
  pipeline: { name: string; description?: string };
  snapshot: Omit<SnapshotModel, 'id' | 'created' | 'pipelineId'>;
  run: Omit<NewRun, 'pipelineId' | 'snapshotId'>;
  /** The run's first status; `running` saves the launcher an update. Default `initializing`. */
  status?: 'initializing' | 'running';
  /**
   * A run name that is taken: `suffix` takes the name with a short random suffix (a generated
   * name), `fail` throws AlreadyExistsError and stores nothing (a name the user chose).
   */
  onNameTaken: 'suffix' | 'fail';
}

export interface StartedRun {
  pipeline: PipelineModel;
  snapshot: SnapshotModel;
  run: RunModel;
}

/**
 * A step run just created, and with `useCache` the newest completed step run with its cache key
 * (and that run's output versions, so the caller can check their files without asking again).
 * When a candidate is found the new row already shows it as a cache hit would (the candidate's
 * logs, no attempt begun); a caller that cannot reuse it updates `attempts` and `logsUri`.
 */
export interface StartedStepRun {
  stepRun: StepRunModel;
  cacheCandidate?: { stepRun: StepRunModel; outputs: ArtifactVersionModel[] };
}

/** A stack with its components, as a launcher needs it. */
export interface HydratedStack {
  stack: StackModel;
  /** Component type → component. */
  components: Record<string, StackComponentModel>;
}

export interface StepCompletion {
  status: 'completed' | 'cached';
  /** Versions created by this step, registered in the same transaction that completes it. */
  newVersions: Array<NewArtifactVersion & { outputName: string }>;
  /** Existing versions reused as outputs (cache hits). */
  reusedOutputs?: Record<string, string>;
  originalStepRunId?: string;
  /**
   * The step is the run's last and every other step succeeded: the run is marked `completed`
   * (ended now) in the same transaction, unless it ended meanwhile (stopped, reaped). A
   * queue worker finishing a run saves the round trip of a separate run update.
   */
  endRun?: boolean;
  /** Told the registered versions as the store built them, so the caller need not read them back. */
  onRegistered?: (versions: ArtifactVersionModel[]) => void;
}

export interface ArtifactVersionUsage {
  /** Runs with a step that produced or consumed the version. */
  runIds: string[];
  modelVersionIds: string[];
  tags: string[];
}

export interface PrunedArtifacts {
  versionIds: string[];
  /** Artifacts deleted because their last version was. */
  artifactIds: string[];
}

export interface ArtifactVersionFilter extends ListFilter {
  tag?: string;
  /** Keyset cursor (a page's `next`); `page` is then ignored. */
  after?: string;
}

/**
 * Everything ZenML remembers: pipelines, runs, artifacts, stacks. The SQL store is the
 * embedded default; the REST store talks to a server. Both pass test/conformance/zen-store.
 */
export interface ZenStore {
  readonly url: string;
  close(): Promise<void>;

  getOrCreatePipeline(name: string, description?: string): Promise<PipelineModel>;
  getPipeline(nameOrId: string): Promise<PipelineModel>;
  listPipelines(request?: ListFilter & { tag?: string }): Promise<Page<PipelineModel>>;
  deletePipeline(nameOrId: string): Promise<void>;

  createSnapshot(snapshot: Omit<SnapshotModel, 'id' | 'created'>): Promise<SnapshotModel>;
  getSnapshot(id: string): Promise<SnapshotModel>;

  createRun(run: NewRun): Promise<RunModel>;
  getRun(nameOrId: string): Promise<RunModel>;
  listRuns(filter?: RunFilter): Promise<Page<RunModel>>;
  /** Gets or creates the pipeline, stores the snapshot and creates the run, in one transaction. */
  startRun(start: RunStart): Promise<StartedRun>;
  updateRun(id: string, update: RunUpdate): Promise<RunModel>;
  deleteRun(nameOrId: string): Promise<void>;
  runNameExists(name: string): Promise<boolean>;
  /** Owner (pid, host, heartbeat) of every run that is still initializing, running or retrying. */
  listActiveRunOwners(): Promise<ActiveRunOwner[]>;
  /**
   * Marks these runs failed with `reason`, and their running steps with them; a run that
   * ended meanwhile keeps its status. Returns the ids marked.
   */
  failRuns(ids: string[], reason: string): Promise<string[]>;

  createStepRun(stepRun: NewStepRun): Promise<StepRunModel>;
  /** Creates a step run; with `useCache` (and a cache key) also finds the step run it may reuse, in the same call. */
  startStepRun(stepRun: NewStepRun, options?: { useCache?: boolean }): Promise<StartedStepRun>;
  getStepRun(id: string): Promise<StepRunModel>;
  listStepRuns(runId: string): Promise<StepRunModel[]>;
  updateStepRun(id: string, update: StepRunUpdate): Promise<StepRunModel>;
  /**
   * Registers the step's output versions (next integer version per name) and marks it done,
   * atomically. A step run already completed or cached is refused (AlreadyExistsError).
   */
  completeStepRun(id: string, completion: StepCompletion): Promise<StepRunModel>;
  /** The newest completed step run with this cache key, with its outputs. */
  findCachedStepRun(cacheKey: string): Promise<StepRunModel | undefined>;

  getArtifact(nameOrId: string): Promise<ArtifactModel>;
  listArtifacts(request?: ListFilter & { tag?: string }): Promise<Page<ArtifactModel>>;
  /** A version by id, or by artifact name and version: a number or a custom version name (latest when omitted). */
  getArtifactVersion(nameOrId: string, version?: number | string): Promise<ArtifactVersionModel>;
  listArtifactVersions(filter?: ArtifactVersionFilter): Promise<Page<ArtifactVersionModel>>;
  /** Registers a version outside a run (saveArtifact). */
  createArtifactVersion(version: NewArtifactVersion): Promise<ArtifactVersionModel>;
  deleteArtifactVersion(id: string): Promise<void>;
  /** Step runs that consumed a version. */
  listConsumers(artifactVersionId: string): Promise<StepRunModel[]>;
  /** Versions no run, model version or tag needs (what `zenml artifact prune` removes), oldest first. */
  listUnusedArtifactVersions(): Promise<ArtifactVersionModel[]>;
  /** The runs, model versions and tags that still use a version. */
  getArtifactVersionUsage(id: string): Promise<ArtifactVersionUsage>;
  /** Deletes those of these versions still unused, and the artifacts left without versions; files are the caller's. */
  pruneArtifactVersions(ids: string[]): Promise<PrunedArtifacts>;

  addMetadata(resourceType: MetadataResourceType, resourceId: string, values: Record<string, MetadataValue>): Promise<void>;
  getMetadata(resourceType: MetadataResourceType, resourceId: string): Promise<Record<string, MetadataEntry>>;
  addTags(resourceType: TaggableResourceType, resourceId: string, tags: string[]): Promise<void>;
  /** Adds and removes tags of one resource in one transaction. */
  updateTags(resourceType: TaggableResourceType, resourceId: string, change: { add?: string[]; remove?: string[] }): Promise<void>;
  createTag(tag: { name: string; color?: string }): Promise<TagModel>;
  getTag(nameOrId: string): Promise<TagModel>;
  listTags(filter?: TagFilter): Promise<Page<TagModel>>;
  updateTag(nameOrId: string, update: { name?: string; color?: string }): Promise<TagModel>;
  /** Removes the tag from every resource, then deletes it. */
  deleteTag(nameOrId: string): Promise<void>;

  createModel(model: NewModel): Promise<ModelModel>;
  getModel(nameOrId: string): Promise<ModelModel>;
  listModels(filter?: ModelFilter): Promise<Page<ModelModel>>;
  updateModel(nameOrId: string, update: ModelUpdate): Promise<ModelModel>;
  /** Refuses a model with a version in production unless `force`. */
  deleteModel(nameOrId: string, options?: { force?: boolean }): Promise<void>;
  createModelVersion(model: string, version?: NewModelVersion): Promise<ModelVersionModel>;
  /** The version a run works under when its model config names no version; one per model and run. */
  getOrCreateRunModelVersion(model: NewModel, runId: string): Promise<ModelVersionModel>;
  /** By number, name, stage, `latest` or id; the newest when omitted. */
  getModelVersion(model: string, version?: string | number): Promise<ModelVersionModel>;
  getModelVersionById(id: string): Promise<ModelVersionModel>;
  listModelVersions(filter?: ModelVersionFilter): Promise<Page<ModelVersionModel>>;
  /** A stage change onto an occupied staging/production fails unless `force`, which archives the holder. */
  updateModelVersion(id: string, update: ModelVersionUpdate): Promise<ModelVersionModel>;
  listStageTransitions(modelVersionId: string): Promise<StageTransitionModel[]>;
  /** Refuses a version in production unless `force`. */
  deleteModelVersion(id: string, options?: { force?: boolean }): Promise<void>;
  linkArtifactToModelVersion(modelVersionId: string, artifactVersionId: string, type: ModelArtifactType): Promise<void>;
  linkRunToModelVersion(modelVersionId: string, runId: string): Promise<void>;
  listModelVersionArtifacts(modelVersionId: string, filter?: ModelVersionArtifactFilter): Promise<Page<ModelVersionArtifactModel>>;
  listModelVersionRuns(modelVersionId: string, request?: PageRequest): Promise<Page<RunModel>>;
  listRunModelVersions(runId: string): Promise<ModelVersionModel[]>;

  createStackComponent(component: Omit<StackComponentModel, 'id' | 'created' | 'updated'>): Promise<StackComponentModel>;
  getStackComponent(type: string, nameOrId: string): Promise<StackComponentModel>;
  listStackComponents(request?: ListFilter & { type?: string }): Promise<Page<StackComponentModel>>;
  updateStackComponent(id: string, update: Partial<Pick<StackComponentModel, 'name' | 'config'>>): Promise<StackComponentModel>;
  deleteStackComponent(id: string): Promise<void>;

  createStack(stack: Omit<StackModel, 'id' | 'created' | 'updated'>): Promise<StackModel>;
  getStack(nameOrId: string): Promise<StackModel>;
  /** The stack and its components in one call. */
  getHydratedStack(nameOrId: string): Promise<HydratedStack>;
  listStacks(request?: ListFilter): Promise<Page<StackModel>>;
  updateStack(id: string, update: Partial<Pick<StackModel, 'name' | 'components'>>): Promise<StackModel>;
  deleteStack(id: string): Promise<void>;

  /** Secret metadata; values go through a secrets backend (src/secrets), never in plain text here. */
  createSecret(secret: NewSecret): Promise<SecretModel>;
  getSecret(nameOrId: string): Promise<SecretModel>;
  listSecrets(request?: ListFilter): Promise<Page<SecretModel>>;
  updateSecret(id: string, update: SecretUpdate): Promise<SecretModel>;
  deleteSecret(id: string): Promise<void>;
  /** The sql backend's ciphertext of a secret's values, if it holds them. */
  getSecretEncryptedValues(id: string): Promise<string | undefined>;
  /** Stores the encryption key check if none is stored yet; returns the one in effect. */
  ensureSecretsKeyCheck(check: string): Promise<string>;
  /** The stored encryption key check, if secrets were ever encrypted in this store. */
  getSecretsKeyCheck(): Promise<string | undefined>;

  /** Present when the store keeps secret values itself (a server); SecretsManager then hands values to it. */
  readonly secretValues?: SecretValuesService;

  /**
   * Present where the store can tell cheaply that its data has not changed (any process, any
   * connection): `load`'s result for `key` is reused until the next write. Callers share the
   * value, so it must be immutable (a server keeps serialized answers here).
   */
  cachedRead?<T>(key: string, load: () => Promise<T>): Promise<T>;

  /** The scope this view works in (see withScope). */
  readonly scope: StoreScope;
  /** A view of the same store working in another project and/or as another user; shares the connection. */
  withScope(scope: StoreScope): ZenStore;

  createUser(user: NewUser): Promise<UserModel>;
  getUser(nameOrId: string): Promise<UserModel>;
  listUsers(filter?: UserFilter): Promise<Page<UserModel>>;
  updateUser(id: string, update: UserUpdate): Promise<UserModel>;
  deleteUser(id: string): Promise<void>;
  /** The active user with this name and password, else undefined; takes the same time whether or not the user exists. */
  verifyUserPassword(name: string, password: string): Promise<UserModel | undefined>;
  /** Ends a session before its expiry (`expiresAt`, ISO-8601): the server refuses that token from then on, across restarts. Server-side only. */
  revokeToken(tokenId: string, expiresAt: string): Promise<void>;
  isTokenRevoked(tokenId: string): Promise<boolean>;

  createApiKey(serviceAccountId: string, request: { name: string; description?: string }): Promise<ApiKeyWithSecret>;
  getApiKey(serviceAccountId: string, nameOrId: string): Promise<ApiKeyModel>;
  listApiKeys(serviceAccountId: string, filter?: ListFilter & { active?: boolean }): Promise<Page<ApiKeyModel>>;
  updateApiKey(serviceAccountId: string, nameOrId: string, update: ApiKeyUpdate): Promise<ApiKeyModel>;
  /** A new key for the same API key; the old one keeps working for `retainMinutes` (default 0). */
  rotateApiKey(serviceAccountId: string, nameOrId: string, options?: { retainMinutes?: number }): Promise<ApiKeyWithSecret>;
  deleteApiKey(serviceAccountId: string, nameOrId: string): Promise<void>;
  /** The active service account and key behind a key string, else undefined (unknown, deactivated or retired). */
  verifyApiKey(key: string): Promise<{ user: UserModel; apiKey: ApiKeyModel } | undefined>;

  createProject(project: NewProject): Promise<ProjectModel>;
  getProject(nameOrId: string): Promise<ProjectModel>;
  listProjects(filter?: ListFilter): Promise<Page<ProjectModel>>;
  updateProject(nameOrId: string, update: ProjectUpdate): Promise<ProjectModel>;
  /** Refuses `default` and a project that still holds anything. */
  deleteProject(nameOrId: string): Promise<void>;

  /** Schedules (ZenML's `Schedule`); the store keeps them, schedulers above it fire them. */
  createSchedule(schedule: NewSchedule): Promise<ScheduleModel>;
  /** By name, id or unique id prefix. */
  getSchedule(nameOrId: string): Promise<ScheduleModel>;
  listSchedules(filter?: ScheduleFilter): Promise<Page<ScheduleModel>>;
  updateSchedule(nameOrId: string, update: ScheduleUpdate): Promise<ScheduleModel>;
  /**
   * Atomically takes the firing `claim.firing` of an active schedule and moves it on to
   * `claim.nextFireTime`; undefined when it is no longer the schedule's next firing (another
   * scheduler took it, or the schedule was paused or changed). Exactly one caller wins.
   */
  claimScheduleFiring(id: string, claim: ScheduleFiringClaim): Promise<ScheduleModel | undefined>;
  /** Deletes the schedule; the runs it fired stay, unlinked. */
  deleteSchedule(nameOrId: string): Promise<void>;

  /** Pipeline snapshots kept by name (ZenML's run templates); the code archive lives in an artifact store. */
  createRunTemplate(template: NewRunTemplate): Promise<RunTemplateModel>;
  /** By name, id or unique id prefix. */
  getRunTemplate(nameOrId: string): Promise<RunTemplateModel>;
  listRunTemplates(filter?: RunTemplateFilter): Promise<Page<RunTemplateModel>>;
  /** Deletes the record only (the caller removes the code archive). */
  deleteRunTemplate(nameOrId: string): Promise<void>;
}
