import type { ApiKeyUpdate, NewProject, NewUser, ProjectUpdate, StoreScope, UserFilter, UserUpdate } from '../../core/identity-entities.js';
import type { MetadataValue } from '../../core/materializer.js';
import type { ModelArtifactType, ModelFilter, ModelUpdate, ModelVersionArtifactFilter, ModelVersionFilter, ModelVersionUpdate, NewModel, NewModelVersion, TagFilter } from '../../core/model-entities.js';
import type { MetadataResourceType, NewArtifactVersion, NewSecret, ListFilter, PageRequest, SecretUpdate, SnapshotModel, StackComponentModel, StackModel, StepRunModel, TaggableResourceType } from '../../core/entities.js';
import type { NewSchedule, ScheduleFilter, ScheduleFiringClaim, ScheduleUpdate } from '../../core/schedule-entities.js';
import type { ArtifactVersionFilter, NewRun, NewStepRun, RunFilter, RunStart, RunUpdate, StepCompletion, StepRunUpdate, ZenStore } from '../zen-store.js';
import * as artifacts from './artifacts.js';
import * as artifactUsage from './artifact-usage.js';
import { type Db, writeTransaction, writeTransactionNow } from './database.js';
import { afterGroupCommit, flushGroup, groupedWrites, unregisterCommitGroup } from './commit-groups.js';
import * as metadata from './metadata.js';
import * as models from './models.js';
import * as pipelines from './pipelines.js';
import * as runs from './runs.js';
import * as runStart from './run-start.js';
import { findCachedStepRun } from './cache-lookup.js';
import { createStepRun } from './step-run-inserts.js';
import * as schedules from './schedules.js';
import * as runTemplates from './run-templates.js';
import type { NewRunTemplate, RunTemplateFilter } from '../../core/run-template-entities.js';
import * as secrets from './secrets.js';
import * as stacks from './stacks.js';
import * as tags from './tags.js';
import * as apiKeys from './api-keys.js';
import * as projects from './projects.js';
import * as revokedTokens from './revoked-tokens.js';
import * as users from './users.js';
import { DEFAULT_SCOPE, type SqlScope } from './scope.js';
import { readCacheOf } from './read-cache.js';

/** Views kept per store, and for how long one trusts its project's id. */
const MAX_VIEWS = 1000;
const VIEW_TTL_MS = 5_000;

/** The ZenStore over a kysely database (SQLite by default). */
export class SqlZenStore implements ZenStore {
  private resolved?: Promise<SqlScope>;
  /** The scope once resolved, for writes done at once (startStepRunNow). */
  private resolvedNow?: SqlScope;

  /**
   * Views handed out by withScope, shared by every view of this store: a server asks for one
   * per request, and a view resolves its project once. A project changed through this store
   * drops them all; one changed by another process is seen within VIEW_TTL_MS.
   */
  private readonly views: Map<string, { view: SqlZenStore; until: number }>;

  constructor(
    readonly url: string,
    readonly db: Db,
    readonly scope: StoreScope = {},
    views?: Map<string, { view: SqlZenStore; until: number }>,
  ) {
    if (scope.project === undefined) {
      this.resolvedNow = { ...DEFAULT_SCOPE, userId: scope.userId ?? null };
      this.resolved = Promise.resolve(this.resolvedNow);
    }
    this.views = views ?? new Map();
  }

  /** A view in another project and/or as another user, on the same connection. */
  withScope = (scope: StoreScope): ZenStore => {
    const key = `${scope.project ?? ''}|${scope.userId ?? ''}`;
    const now = Date.now();
    const cached = this.views.get(key);
    if (cached && cached.until > now) return cached.view;
    if (this.views.size >= MAX_VIEWS) this.views.clear();
    const view = new SqlZenStore(this.url, this.db, { ...(scope.project === undefined ? {} : { project: scope.project }), ...(scope.userId === undefined ? {} : { userId: scope.userId }) }, this.views);
    this.views.set(key, { view, until: now + VIEW_TTL_MS });
    return view;
  };

  cachedRead = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    const cache = readCacheOf(this.db);
    return cache ? cache.get(key, load) : load();
  };

  /** After a project write: views may hold its old name or id. */
  private projectsChanged<T>(result: T): T {
    this.views.clear();
    return result;
  }

  /** The scope's project id, looked up once per view (a missing project fails each call, not the view's creation). */
  private inScope(): Promise<SqlScope> {
    if (!this.resolved) {
      const lookup = projects.getProject(this.db, this.scope.project!).then((project) => (this.resolvedNow = { projectId: project.id, userId: this.scope.userId ?? null }));
      this.resolved = lookup;
      lookup.catch(() => {
        if (this.resolved === lookup) this.resolved = undefined;
      });
    }
    return this.resolved;
  }

  private scoped<T>(work: (scope: SqlScope) => Promise<T>): Promise<T> {
    return this.inScope().then(work);
  }

  private scopedWrite<T>(work: (tx: Db, scope: SqlScope) => Promise<T>): Promise<T> {
    return this.inScope().then((scope) => this.write((tx) => work(tx, scope)));
  }

  /** Multi-statement writes go through here so they commit whole or not at all. */
  write<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return writeTransaction(this.db, work);
  }

  close = async () => {
    await flushGroup(this.db);
    unregisterCommitGroup(this.db);
    await this.db.destroy();
  };

  /**
   * In-process launchers only (see commit-groups.ts): `work`'s writes share commits, which
   * happen at flushWrites, within a few milliseconds, or before anyone else writes.
   */
  groupWrites = <T>(work: () => Promise<T>): Promise<T> => groupedWrites(this.db, work);
  /** Commits the grouped writes so far (before code that may take long runs, at a run's end). */
  flushWrites = (): Promise<void> => flushGroup(this.db);
  /** Runs `work` once the writes so far are committed (at once when none wait). */
  afterWritesCommitted = (work: () => unknown): Promise<void> => afterGroupCommit(this.db, work) ?? Promise.resolve(work()).then(() => undefined);

  listActiveRunOwners = () => runs.listActiveRunOwners(this.db);
  failRuns = (ids: string[], reason: string) => this.write((tx) => runs.failRuns(tx, ids, reason));

  getOrCreatePipeline = (name: string, description?: string) => this.scoped((scope) => pipelines.getOrCreatePipeline(this.db, scope, name, description));
  getPipeline = (nameOrId: string) => this.scoped((scope) => pipelines.getPipeline(this.db, scope, nameOrId));
  listPipelines = (request?: ListFilter & { tag?: string }) => this.scoped((scope) => pipelines.listPipelines(this.db, scope, request));
  deletePipeline = (nameOrId: string) => this.scoped((scope) => pipelines.deletePipeline(this.db, scope, nameOrId));
  createSnapshot = (snapshot: Omit<SnapshotModel, 'id' | 'created'>) => pipelines.createSnapshot(this.db, snapshot);
  getSnapshot = (id: string) => pipelines.getSnapshot(this.db, id);

  createRun = (run: NewRun) => this.scopedWrite((tx, scope) => runs.createRun(tx, scope, run));
  startRun = (start: RunStart) => this.scopedWrite((tx, scope) => runStart.startRun(tx, scope, start));
  getRun = (nameOrId: string) => this.scoped((scope) => runs.getRun(this.db, scope, nameOrId));
  listRuns = (filter?: RunFilter) =>
    this.scoped((scope) => {
      const cache = readCacheOf(this.db);
      const read = () => runs.readRunsPage(this.db, scope, filter);
      // The rows are kept, never the models: each call builds its own.
      return (cache ? cache.get(`listRuns:${scope.projectId}:${JSON.stringify(filter ?? {})}`, read) : read()).then(runs.runsPage);
    });
  updateRun = (id: string, update: RunUpdate) => this.scoped((scope) => runs.updateRun(this.db, scope, id, update));
  deleteRun = (nameOrId: string) => this.scoped((scope) => runs.deleteRun(this.db, scope, nameOrId));
  runNameExists = (name: string) => this.scoped((scope) => runs.runNameExists(this.db, scope, name));

  createStepRun = (stepRun: NewStepRun) => this.write((tx) => createStepRun(tx, stepRun));
  startStepRun = (stepRun: NewStepRun, options?: { useCache?: boolean }) => this.scopedWrite((tx, scope) => runStart.startStepRun(tx, scope, stepRun, { useCache: options?.useCache }));
  /** startStepRun with the cache on, a hit `reuse` accepts completed in the same transaction (in-process launchers; see ReuseCheck). */
  startStepRunReusing = (stepRun: NewStepRun, reuse: runStart.ReuseCheck) => this.scopedWrite((tx, scope) => runStart.startStepRun(tx, scope, stepRun, { useCache: true, reuse }));
  /**
   * startStepRun done at once when it can be (see startStepRunNow and writeTransactionNow),
   * with `reuse` as startStepRunReusing, without it as startStepRun with the cache off; else
   * undefined, nothing written.
   */
  startStepRunNow = (stepRun: NewStepRun, reuse?: runStart.ReuseCheckNow): runStart.StartedNow | undefined => {
    const scope = this.resolvedNow;
    return scope && writeTransactionNow(this.db, (tx) => runStart.startStepRunNow(tx, scope, stepRun, reuse), { selfAtomic: true })?.value;
  };
  getStepRun = (id: string) => runs.getStepRun(this.db, id);
  listStepRuns = (runId: string) => runs.listStepRuns(this.db, runId);
  updateStepRun = async (id: string, update: StepRunUpdate) => {
    await runs.updateStepRun(this.db, id, update);
    return runs.getStepRun(this.db, id);
  };
  completeStepRun = async (id: string, completion: StepCompletion) => {
    const { stepRun, registered } = await this.scopedWrite((tx, scope) => artifacts.completeStepRun(tx, scope, id, completion));
    completion.onRegistered?.(registered);
    return stepRun;
  };
  /** completeStepRun done at once when it can be (see completeStepRunNow and writeTransactionNow); else undefined, nothing written. */
  completeStepRunNow = (id: string, completion: StepCompletion): StepRunModel | undefined => {
    const scope = this.resolvedNow;
    const done = scope && writeTransactionNow(this.db, (tx) => artifacts.completeStepRunNow(tx, scope, id, completion))?.value;
    if (!done) return undefined;
    completion.onRegistered?.(done.registered);
    return done.stepRun;
  };
  findCachedStepRun = (cacheKey: string) => findCachedStepRun(this.db, cacheKey);

  getArtifact = (nameOrId: string) => this.scoped((scope) => artifacts.getArtifact(this.db, scope, nameOrId));
  listArtifacts = (request?: ListFilter & { tag?: string }) => this.scoped((scope) => artifacts.listArtifacts(this.db, scope, request));
  getArtifactVersion = (nameOrId: string, version?: number | string) => this.scoped((scope) => artifacts.getArtifactVersion(this.db, scope, nameOrId, version));
  listArtifactVersions = (filter?: ArtifactVersionFilter) => this.scoped((scope) => artifacts.listArtifactVersions(this.db, scope, filter));
  createArtifactVersion = (version: NewArtifactVersion) => this.scopedWrite((tx, scope) => artifacts.insertArtifactVersion(tx, scope, version));
  deleteArtifactVersion = (id: string) => this.scoped((scope) => artifacts.deleteArtifactVersion(this.db, scope, id));
  listConsumers = (artifactVersionId: string) => artifacts.listConsumers(this.db, artifactVersionId);
  listUnusedArtifactVersions = () => this.scoped((scope) => artifactUsage.listUnusedArtifactVersions(this.db, scope));
  getArtifactVersionUsage = (id: string) => this.scoped((scope) => artifactUsage.getArtifactVersionUsage(this.db, scope, id));
  pruneArtifactVersions = (ids: string[]) => this.scopedWrite((tx, scope) => artifactUsage.pruneArtifactVersions(tx, scope, ids));

  addMetadata = (resourceType: MetadataResourceType, resourceId: string, values: Record<string, MetadataValue>) =>
    this.write((tx) => metadata.addMetadata(tx, resourceType, resourceId, values));
  getMetadata = (resourceType: MetadataResourceType, resourceId: string) => metadata.getMetadata(this.db, resourceType, resourceId);
  addTags = (resourceType: TaggableResourceType, resourceId: string, names: string[]) => this.write((tx) => tags.addTags(tx, resourceType, resourceId, names));
  updateTags = (resourceType: TaggableResourceType, resourceId: string, change: { add?: string[]; remove?: string[] }) => this.write((tx) => tags.updateTags(tx, resourceType, resourceId, change));
  createTag = (tag: { name: string; color?: string }) => this.write((tx) => tags.createTag(tx, tag));
  getTag = (nameOrId: string) => tags.getTag(this.db, nameOrId);
  listTags = (filter?: TagFilter) => tags.listTags(this.db, filter);
  updateTag = (nameOrId: string, update: { name?: string; color?: string }) => this.write((tx) => tags.updateTag(tx, nameOrId, update));
  deleteTag = (nameOrId: string) => this.write((tx) => tags.deleteTag(tx, nameOrId));

  createModel = (model: NewModel) => this.scopedWrite((tx, scope) => models.createModel(tx, scope, model));
  getModel = (nameOrId: string) => this.scoped((scope) => models.getModel(this.db, scope, nameOrId));
  listModels = (filter?: ModelFilter) => this.scoped((scope) => models.listModels(this.db, scope, filter));
  updateModel = (nameOrId: string, update: ModelUpdate) => this.scopedWrite((tx, scope) => models.updateModel(tx, scope, nameOrId, update));
  deleteModel = (nameOrId: string, options?: { force?: boolean }) => this.scopedWrite((tx, scope) => models.deleteModel(tx, scope, nameOrId, options));
  createModelVersion = (model: string, version?: NewModelVersion) => this.scopedWrite((tx, scope) => models.createModelVersion(tx, scope, model, version));
  getOrCreateRunModelVersion = (model: NewModel, runId: string) => this.scopedWrite((tx, scope) => models.getOrCreateRunModelVersion(tx, scope, model, runId));
  getModelVersion = (model: string, version?: string | number) => this.scoped((scope) => models.getModelVersion(this.db, scope, model, version));
  getModelVersionById = (id: string) => this.scoped((scope) => models.getModelVersionById(this.db, scope, id));
  listModelVersions = (filter?: ModelVersionFilter) => this.scoped((scope) => models.listModelVersions(this.db, scope, filter));
  updateModelVersion = (id: string, update: ModelVersionUpdate) => this.scopedWrite((tx, scope) => models.updateModelVersion(tx, scope, id, update));
  listStageTransitions = (modelVersionId: string) => models.listStageTransitions(this.db, modelVersionId);
  deleteModelVersion = (id: string, options?: { force?: boolean }) => this.scopedWrite((tx, scope) => models.deleteModelVersion(tx, scope, id, options));
  linkArtifactToModelVersion = (modelVersionId: string, artifactVersionId: string, type: ModelArtifactType) =>
    this.scopedWrite((tx, scope) => models.linkArtifact(tx, scope, modelVersionId, artifactVersionId, type));
  linkRunToModelVersion = (modelVersionId: string, runId: string) => this.write((tx) => models.linkRun(tx, modelVersionId, runId));
  listModelVersionArtifacts = (modelVersionId: string, filter?: ModelVersionArtifactFilter) => models.listModelVersionArtifacts(this.db, modelVersionId, filter);
  listModelVersionRuns = (modelVersionId: string, request?: PageRequest) => this.scoped((scope) => models.listModelVersionRuns(this.db, scope, modelVersionId, request));
  listRunModelVersions = (runId: string) => models.listRunModelVersions(this.db, runId);

  createStackComponent = (component: Omit<StackComponentModel, 'id' | 'created' | 'updated'>) => stacks.createStackComponent(this.db, component);
  getStackComponent = (type: string, nameOrId: string) => stacks.getStackComponent(this.db, type, nameOrId);
  listStackComponents = (request?: ListFilter & { type?: string }) => stacks.listStackComponents(this.db, request);
  updateStackComponent = (id: string, update: Partial<Pick<StackComponentModel, 'name' | 'config'>>) => stacks.updateStackComponent(this.db, id, update);
  deleteStackComponent = (id: string) => stacks.deleteStackComponent(this.db, id);
  createStack = (stack: Omit<StackModel, 'id' | 'created' | 'updated'>) => this.scopedWrite((tx, scope) => stacks.createStack(tx, scope, stack));
  getStack = (nameOrId: string) => this.scoped((scope) => stacks.getStack(this.db, scope, nameOrId));
  getHydratedStack = (nameOrId: string) => this.scoped((scope) => stacks.getHydratedStack(this.db, scope, nameOrId));
  listStacks = (request?: PageRequest) => this.scoped((scope) => stacks.listStacks(this.db, scope, request));
  updateStack = (id: string, update: Partial<Pick<StackModel, 'name' | 'components'>>) => this.scopedWrite((tx, scope) => stacks.updateStack(tx, scope, id, update));
  deleteStack = (id: string) => this.scoped((scope) => stacks.deleteStack(this.db, scope, id));

  createSecret = (secret: NewSecret) => this.scoped((scope) => secrets.createSecret(this.db, scope, secret));
  getSecret = (nameOrId: string) => this.scoped((scope) => secrets.getSecret(this.db, scope, nameOrId));
  listSecrets = (request?: ListFilter) => this.scoped((scope) => secrets.listSecrets(this.db, scope, request));
  updateSecret = (id: string, update: SecretUpdate) => this.scopedWrite((tx, scope) => secrets.updateSecret(tx, scope, id, update));
  deleteSecret = (id: string) => this.scoped((scope) => secrets.deleteSecret(this.db, scope, id));
  getSecretEncryptedValues = (id: string) => this.scoped((scope) => secrets.getSecretEncryptedValues(this.db, scope, id));
  ensureSecretsKeyCheck = (check: string) => this.write((tx) => secrets.ensureSecretsKeyCheck(tx, check));
  getSecretsKeyCheck = () => secrets.getSecretsKeyCheck(this.db);

  // Users, service accounts, API keys and projects belong to the whole store, not a project.
  createUser = (user: NewUser) => this.write((tx) => users.createUser(tx, user));
  getUser = (nameOrId: string) => users.getUser(this.db, nameOrId);
  listUsers = (filter?: UserFilter) => users.listUsers(this.db, filter);
  updateUser = (id: string, update: UserUpdate) => this.write((tx) => users.updateUser(tx, id, update));
  deleteUser = (id: string) => this.write((tx) => users.deleteUser(tx, id));
  verifyUserPassword = (name: string, password: string) => users.verifyUserPassword(this.db, name, password);
  revokeToken = (tokenId: string, expiresAt: string) => this.write((tx) => revokedTokens.revokeToken(tx, tokenId, expiresAt));
  isTokenRevoked = (tokenId: string) => revokedTokens.isTokenRevoked(this.db, tokenId);

  createApiKey = (serviceAccountId: string, request: { name: string; description?: string }) => this.write((tx) => apiKeys.createApiKey(tx, serviceAccountId, request));
  getApiKey = (serviceAccountId: string, nameOrId: string) => apiKeys.getApiKey(this.db, serviceAccountId, nameOrId);
  listApiKeys = (serviceAccountId: string, filter?: ListFilter & { active?: boolean }) => apiKeys.listApiKeys(this.db, serviceAccountId, filter);
  updateApiKey = (serviceAccountId: string, nameOrId: string, update: ApiKeyUpdate) => this.write((tx) => apiKeys.updateApiKey(tx, serviceAccountId, nameOrId, update));
  rotateApiKey = (serviceAccountId: string, nameOrId: string, options?: { retainMinutes?: number }) => this.write((tx) => apiKeys.rotateApiKey(tx, serviceAccountId, nameOrId, options));
  deleteApiKey = (serviceAccountId: string, nameOrId: string) => this.write((tx) => apiKeys.deleteApiKey(tx, serviceAccountId, nameOrId));
  verifyApiKey = (key: string) => this.write((tx) => apiKeys.verifyApiKey(tx, key));

  createProject = (project: NewProject) => this.write((tx) => projects.createProject(tx, project)).then((result) => this.projectsChanged(result));
  getProject = (nameOrId: string) => projects.getProject(this.db, nameOrId);
  listProjects = (filter?: ListFilter) => projects.listProjects(this.db, filter);
  updateProject = (nameOrId: string, update: ProjectUpdate) => this.write((tx) => projects.updateProject(tx, nameOrId, update)).then((result) => this.projectsChanged(result));
  deleteProject = (nameOrId: string) => this.write((tx) => projects.deleteProject(tx, nameOrId)).then((result) => this.projectsChanged(result));

  createSchedule = (schedule: NewSchedule) => this.scopedWrite((tx, scope) => schedules.createSchedule(tx, scope, schedule));
  getSchedule = (nameOrId: string) => this.scoped((scope) => schedules.getSchedule(this.db, scope, nameOrId));
  listSchedules = (filter?: ScheduleFilter) => this.scoped((scope) => schedules.listSchedules(this.db, scope, filter));
  updateSchedule = (nameOrId: string, update: ScheduleUpdate) => this.scopedWrite((tx, scope) => schedules.updateSchedule(tx, scope, nameOrId, update));
  claimScheduleFiring = (id: string, claim: ScheduleFiringClaim) => this.scoped((scope) => schedules.claimScheduleFiring(this.db, scope, id, claim));
  deleteSchedule = (nameOrId: string) => this.scopedWrite((tx, scope) => schedules.deleteSchedule(tx, scope, nameOrId));

  createRunTemplate = (template: NewRunTemplate) => this.scopedWrite((tx, scope) => runTemplates.createRunTemplate(tx, scope, template));
  getRunTemplate = (nameOrId: string) => this.scoped((scope) => runTemplates.getRunTemplate(this.db, scope, nameOrId));
  listRunTemplates = (filter?: RunTemplateFilter) => this.scoped((scope) => runTemplates.listRunTemplates(this.db, scope, filter));
  deleteRunTemplate = (nameOrId: string) => this.scopedWrite((tx, scope) => runTemplates.deleteRunTemplate(tx, scope, nameOrId));

}
