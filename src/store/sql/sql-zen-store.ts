import { ZenError } from '../../core/errors.js';
import type { StoreScope } from '../../core/identity-entities.js';
import type { MetadataValue } from '../../core/materializer.js';
import type { ModelArtifactType, ModelFilter, ModelUpdate, ModelVersionArtifactFilter, ModelVersionFilter, ModelVersionUpdate, NewModel, NewModelVersion, TagFilter } from '../../core/model-entities.js';
import type { MetadataResourceType, NewArtifactVersion, NewSecret, ListFilter, PageRequest, SecretUpdate, SnapshotModel, StackComponentModel, StackModel, TaggableResourceType } from '../../core/entities.js';
import type { NewSchedule, ScheduleFilter, ScheduleFiringClaim, ScheduleUpdate } from '../../core/schedule-entities.js';
import type { ArtifactVersionFilter, NewRun, NewStepRun, RunFilter, RunUpdate, StepCompletion, StepRunUpdate, ZenStore } from '../zen-store.js';
import * as artifacts from './artifacts.js';
import { type Db, writeTransaction } from './database.js';
import * as metadata from './metadata.js';
import * as models from './models.js';
import * as pipelines from './pipelines.js';
import * as runs from './runs.js';
import * as schedules from './schedules.js';
import * as secrets from './secrets.js';
import * as stacks from './stacks.js';
import * as tags from './tags.js';

async function notYet(): Promise<never> {
  throw new ZenError('Users, service accounts, API keys and projects are not in this store yet.');
}

/** The ZenStore over a kysely database (SQLite by default). */
export class SqlZenStore implements ZenStore {
  constructor(
    readonly url: string,
    readonly db: Db,
  ) {}

  /** Multi-statement writes go through here so they commit whole or not at all. */
  write<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return writeTransaction(this.db, work);
  }

  close = () => this.db.destroy();

  listActiveRunOwners = () => runs.listActiveRunOwners(this.db);
  failRuns = (ids: string[], reason: string) => this.write((tx) => runs.failRuns(tx, ids, reason));

  getOrCreatePipeline = (name: string, description?: string) => pipelines.getOrCreatePipeline(this.db, name, description);
  getPipeline = (nameOrId: string) => pipelines.getPipeline(this.db, nameOrId);
  listPipelines = (request?: ListFilter & { tag?: string }) => pipelines.listPipelines(this.db, request);
  deletePipeline = (nameOrId: string) => pipelines.deletePipeline(this.db, nameOrId);
  createSnapshot = (snapshot: Omit<SnapshotModel, 'id' | 'created'>) => pipelines.createSnapshot(this.db, snapshot);
  getSnapshot = (id: string) => pipelines.getSnapshot(this.db, id);

  createRun = (run: NewRun) => this.write((tx) => runs.createRun(tx, run));
  getRun = (nameOrId: string) => runs.getRun(this.db, nameOrId);
  listRuns = (filter?: RunFilter) => runs.listRuns(this.db, filter);
  updateRun = (id: string, update: RunUpdate) => runs.updateRun(this.db, id, update);
  deleteRun = (nameOrId: string) => runs.deleteRun(this.db, nameOrId);
  runNameExists = (name: string) => runs.runNameExists(this.db, name);

  createStepRun = (stepRun: NewStepRun) => this.write((tx) => runs.createStepRun(tx, stepRun));
  getStepRun = (id: string) => runs.getStepRun(this.db, id);
  listStepRuns = (runId: string) => runs.listStepRuns(this.db, runId);
  updateStepRun = async (id: string, update: StepRunUpdate) => {
    await runs.updateStepRun(this.db, id, update);
    return runs.getStepRun(this.db, id);
  };
  completeStepRun = async (id: string, completion: StepCompletion) => {
    const { stepRun, registered } = await this.write((tx) => artifacts.completeStepRun(tx, id, completion));
    completion.onRegistered?.(registered);
    return stepRun;
  };
  findCachedStepRun = (cacheKey: string) => runs.findCachedStepRun(this.db, cacheKey);

  getArtifact = (nameOrId: string) => artifacts.getArtifact(this.db, nameOrId);
  listArtifacts = (request?: ListFilter & { tag?: string }) => artifacts.listArtifacts(this.db, request);
  getArtifactVersion = (nameOrId: string, version?: number | string) => artifacts.getArtifactVersion(this.db, nameOrId, version);
  listArtifactVersions = (filter?: ArtifactVersionFilter) => artifacts.listArtifactVersions(this.db, filter);
  createArtifactVersion = (version: NewArtifactVersion) => this.write((tx) => artifacts.insertArtifactVersion(tx, version));
  deleteArtifactVersion = (id: string) => artifacts.deleteArtifactVersion(this.db, id);
  listConsumers = (artifactVersionId: string) => artifacts.listConsumers(this.db, artifactVersionId);

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

  createModel = (model: NewModel) => this.write((tx) => models.createModel(tx, model));
  getModel = (nameOrId: string) => models.getModel(this.db, nameOrId);
  listModels = (filter?: ModelFilter) => models.listModels(this.db, filter);
  updateModel = (nameOrId: string, update: ModelUpdate) => this.write((tx) => models.updateModel(tx, nameOrId, update));
  deleteModel = (nameOrId: string, options?: { force?: boolean }) => this.write((tx) => models.deleteModel(tx, nameOrId, options));
  createModelVersion = (model: string, version?: NewModelVersion) => this.write((tx) => models.createModelVersion(tx, model, version));
  getOrCreateRunModelVersion = (model: NewModel, runId: string) => this.write((tx) => models.getOrCreateRunModelVersion(tx, model, runId));
  getModelVersion = (model: string, version?: string | number) => models.getModelVersion(this.db, model, version);
  getModelVersionById = (id: string) => models.getModelVersionById(this.db, id);
  listModelVersions = (filter?: ModelVersionFilter) => models.listModelVersions(this.db, filter);
  updateModelVersion = (id: string, update: ModelVersionUpdate) => this.write((tx) => models.updateModelVersion(tx, id, update));
  listStageTransitions = (modelVersionId: string) => models.listStageTransitions(this.db, modelVersionId);
  deleteModelVersion = (id: string, options?: { force?: boolean }) => this.write((tx) => models.deleteModelVersion(tx, id, options));
  linkArtifactToModelVersion = (modelVersionId: string, artifactVersionId: string, type: ModelArtifactType) =>
    this.write((tx) => models.linkArtifact(tx, modelVersionId, artifactVersionId, type));
  linkRunToModelVersion = (modelVersionId: string, runId: string) => this.write((tx) => models.linkRun(tx, modelVersionId, runId));
  listModelVersionArtifacts = (modelVersionId: string, filter?: ModelVersionArtifactFilter) => models.listModelVersionArtifacts(this.db, modelVersionId, filter);
  listModelVersionRuns = (modelVersionId: string, request?: PageRequest) => models.listModelVersionRuns(this.db, modelVersionId, request);
  listRunModelVersions = (runId: string) => models.listRunModelVersions(this.db, runId);

  createStackComponent = (component: Omit<StackComponentModel, 'id' | 'created' | 'updated'>) => stacks.createStackComponent(this.db, component);
  getStackComponent = (type: string, nameOrId: string) => stacks.getStackComponent(this.db, type, nameOrId);
  listStackComponents = (request?: ListFilter & { type?: string }) => stacks.listStackComponents(this.db, request);
  updateStackComponent = (id: string, update: Partial<Pick<StackComponentModel, 'name' | 'config'>>) => stacks.updateStackComponent(this.db, id, update);
  deleteStackComponent = (id: string) => stacks.deleteStackComponent(this.db, id);
  createStack = (stack: Omit<StackModel, 'id' | 'created' | 'updated'>) => this.write((tx) => stacks.createStack(tx, stack));
  getStack = (nameOrId: string) => stacks.getStack(this.db, nameOrId);
  listStacks = (request?: PageRequest) => stacks.listStacks(this.db, request);
  updateStack = (id: string, update: Partial<Pick<StackModel, 'name' | 'components'>>) => this.write((tx) => stacks.updateStack(tx, id, update));
  deleteStack = (id: string) => stacks.deleteStack(this.db, id);

  createSecret = (secret: NewSecret) => secrets.createSecret(this.db, secret);
  getSecret = (nameOrId: string) => secrets.getSecret(this.db, nameOrId);
  listSecrets = (request?: ListFilter) => secrets.listSecrets(this.db, request);
  updateSecret = (id: string, update: SecretUpdate) => this.write((tx) => secrets.updateSecret(tx, id, update));
  deleteSecret = (id: string) => secrets.deleteSecret(this.db, id);
  getSecretEncryptedValues = (id: string) => secrets.getSecretEncryptedValues(this.db, id);
  ensureSecretsKeyCheck = (check: string) => this.write((tx) => secrets.ensureSecretsKeyCheck(tx, check));
  getSecretsKeyCheck = () => secrets.getSecretsKeyCheck(this.db);

  createSchedule = (schedule: NewSchedule) => this.write((tx) => schedules.createSchedule(tx, schedule));
  getSchedule = (nameOrId: string) => schedules.getSchedule(this.db, nameOrId);
  listSchedules = (filter?: ScheduleFilter) => schedules.listSchedules(this.db, filter);
  updateSchedule = (nameOrId: string, update: ScheduleUpdate) => this.write((tx) => schedules.updateSchedule(tx, nameOrId, update));
  claimScheduleFiring = (id: string, claim: ScheduleFiringClaim) => schedules.claimScheduleFiring(this.db, id, claim);
  deleteSchedule = (nameOrId: string) => this.write((tx) => schedules.deleteSchedule(tx, nameOrId));

  // Identity and projects: the contract is in zen-store.ts; the SQL implementation lands next
  // (issue 11). Until then each call fails with one line rather than pretending.
  readonly scope: StoreScope = {};
  withScope = (_scope: StoreScope): ZenStore => this;
  createUser = notYet;
  getUser = notYet;
  listUsers = notYet;
  updateUser = notYet;
  deleteUser = notYet;
  verifyUserPassword = notYet;
  createApiKey = notYet;
  getApiKey = notYet;
  listApiKeys = notYet;
  updateApiKey = notYet;
  rotateApiKey = notYet;
  deleteApiKey = notYet;
  verifyApiKey = notYet;
  createProject = notYet;
  getProject = notYet;
  listProjects = notYet;
  updateProject = notYet;
  deleteProject = notYet;
}
