import type { MetadataValue } from '../../materializers/types.js';
import type { MetadataResourceType, NewArtifactVersion, PageRequest, SnapshotModel, StackComponentModel, StackModel, TaggableResourceType } from '../models.js';
import type { ArtifactVersionFilter, NewRun, NewStepRun, RunFilter, RunUpdate, StepCompletion, StepRunUpdate, ZenStore } from '../zen-store.js';
import * as artifacts from './artifacts.js';
import { type Db, writeTransaction } from './database.js';
import * as metadata from './metadata.js';
import * as pipelines from './pipelines.js';
import * as runs from './runs.js';
import * as stacks from './stacks.js';
import * as tags from './tags.js';

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

  getOrCreatePipeline = (name: string, description?: string) => pipelines.getOrCreatePipeline(this.db, name, description);
  getPipeline = (nameOrId: string) => pipelines.getPipeline(this.db, nameOrId);
  listPipelines = (request?: PageRequest & { name?: string }) => pipelines.listPipelines(this.db, request);
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
  completeStepRun = (id: string, completion: StepCompletion) => this.write((tx) => artifacts.completeStepRun(tx, id, completion));
  findCachedStepRun = (cacheKey: string) => runs.findCachedStepRun(this.db, cacheKey);

  getArtifact = (nameOrId: string) => artifacts.getArtifact(this.db, nameOrId);
  listArtifacts = (request?: PageRequest & { name?: string }) => artifacts.listArtifacts(this.db, request);
  getArtifactVersion = (nameOrId: string, version?: number) => artifacts.getArtifactVersion(this.db, nameOrId, version);
  listArtifactVersions = (filter?: ArtifactVersionFilter) => artifacts.listArtifactVersions(this.db, filter);
  createArtifactVersion = (version: NewArtifactVersion) => this.write((tx) => artifacts.insertArtifactVersion(tx, version));
  deleteArtifactVersion = (id: string) => artifacts.deleteArtifactVersion(this.db, id);
  listConsumers = (artifactVersionId: string) => artifacts.listConsumers(this.db, artifactVersionId);

  addMetadata = (resourceType: MetadataResourceType, resourceId: string, values: Record<string, MetadataValue>) =>
    this.write((tx) => metadata.addMetadata(tx, resourceType, resourceId, values));
  getMetadata = (resourceType: MetadataResourceType, resourceId: string) => metadata.getMetadata(this.db, resourceType, resourceId);
  addTags = (resourceType: TaggableResourceType, resourceId: string, names: string[]) => this.write((tx) => tags.addTags(tx, resourceType, resourceId, names));

  createStackComponent = (component: Omit<StackComponentModel, 'id' | 'created' | 'updated'>) => stacks.createStackComponent(this.db, component);
  getStackComponent = (type: string, nameOrId: string) => stacks.getStackComponent(this.db, type, nameOrId);
  listStackComponents = (request?: PageRequest & { type?: string }) => stacks.listStackComponents(this.db, request);
  updateStackComponent = (id: string, update: Partial<Pick<StackComponentModel, 'name' | 'config'>>) => stacks.updateStackComponent(this.db, id, update);
  deleteStackComponent = (id: string) => stacks.deleteStackComponent(this.db, id);
  createStack = (stack: Omit<StackModel, 'id' | 'created' | 'updated'>) => this.write((tx) => stacks.createStack(tx, stack));
  getStack = (nameOrId: string) => stacks.getStack(this.db, nameOrId);
  listStacks = (request?: PageRequest) => stacks.listStacks(this.db, request);
  updateStack = (id: string, update: Partial<Pick<StackModel, 'name' | 'components'>>) => this.write((tx) => stacks.updateStack(tx, id, update));
  deleteStack = (id: string) => stacks.deleteStack(this.db, id);
}
