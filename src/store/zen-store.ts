import type {
  ArtifactModel,
  ArtifactVersionModel,
  ExecutionStatus,
  MetadataEntry,
  MetadataResourceType,
  NewArtifactVersion,
  Page,
  PageRequest,
  PipelineModel,
  RunModel,
  SnapshotModel,
  StackComponentModel,
  StackModel,
  StepRunModel,
  TaggableResourceType,
} from './models.js';
import type { MetadataValue } from '../materializers/types.js';

export interface RunFilter extends PageRequest {
  pipeline?: string;
  status?: ExecutionStatus;
}

export interface NewRun {
  name: string;
  pipelineId: string;
  snapshotId: string;
  stackId?: string;
  config: Record<string, unknown>;
  originalRunId?: string;
  tags?: string[];
}

export type RunUpdate = Partial<Pick<RunModel, 'status' | 'statusReason' | 'started' | 'ended' | 'heartbeat'>>;

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
}

export type StepRunUpdate = Partial<Pick<StepRunModel, 'status' | 'error' | 'attempts' | 'started' | 'ended'>>;

export interface StepCompletion {
  status: 'completed' | 'cached';
  /** Versions created by this step, registered in the same transaction that completes it. */
  newVersions: Array<NewArtifactVersion & { outputName: string }>;
  /** Existing versions reused as outputs (cache hits). */
  reusedOutputs?: Record<string, string>;
  originalStepRunId?: string;
}

export interface ArtifactVersionFilter extends PageRequest {
  name?: string;
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
  listPipelines(request?: PageRequest & { name?: string }): Promise<Page<PipelineModel>>;
  deletePipeline(nameOrId: string): Promise<void>;

  createSnapshot(snapshot: Omit<SnapshotModel, 'id' | 'created'>): Promise<SnapshotModel>;
  getSnapshot(id: string): Promise<SnapshotModel>;

  createRun(run: NewRun): Promise<RunModel>;
  getRun(nameOrId: string): Promise<RunModel>;
  listRuns(filter?: RunFilter): Promise<Page<RunModel>>;
  updateRun(id: string, update: RunUpdate): Promise<RunModel>;
  deleteRun(nameOrId: string): Promise<void>;
  runNameExists(name: string): Promise<boolean>;

  createStepRun(stepRun: NewStepRun): Promise<StepRunModel>;
  getStepRun(id: string): Promise<StepRunModel>;
  listStepRuns(runId: string): Promise<StepRunModel[]>;
  updateStepRun(id: string, update: StepRunUpdate): Promise<StepRunModel>;
  /** Registers the step's output versions (next integer version per name) and marks it done, atomically. */
  completeStepRun(id: string, completion: StepCompletion): Promise<StepRunModel>;
  /** The newest completed step run with this cache key, with its outputs. */
  findCachedStepRun(cacheKey: string): Promise<StepRunModel | undefined>;

  getArtifact(nameOrId: string): Promise<ArtifactModel>;
  listArtifacts(request?: PageRequest & { name?: string }): Promise<Page<ArtifactModel>>;
  /** A version by id, or by artifact name and version number (latest when omitted). */
  getArtifactVersion(nameOrId: string, version?: number): Promise<ArtifactVersionModel>;
  listArtifactVersions(filter?: ArtifactVersionFilter): Promise<Page<ArtifactVersionModel>>;
  /** Registers a version outside a run (saveArtifact). */
  createArtifactVersion(version: NewArtifactVersion): Promise<ArtifactVersionModel>;
  deleteArtifactVersion(id: string): Promise<void>;
  /** Step runs that consumed a version. */
  listConsumers(artifactVersionId: string): Promise<StepRunModel[]>;

  addMetadata(resourceType: MetadataResourceType, resourceId: string, values: Record<string, MetadataValue>): Promise<void>;
  getMetadata(resourceType: MetadataResourceType, resourceId: string): Promise<Record<string, MetadataEntry>>;
  addTags(resourceType: TaggableResourceType, resourceId: string, tags: string[]): Promise<void>;

  createStackComponent(component: Omit<StackComponentModel, 'id' | 'created' | 'updated'>): Promise<StackComponentModel>;
  getStackComponent(type: string, nameOrId: string): Promise<StackComponentModel>;
  listStackComponents(request?: PageRequest & { type?: string }): Promise<Page<StackComponentModel>>;
  updateStackComponent(id: string, update: Partial<Pick<StackComponentModel, 'name' | 'config'>>): Promise<StackComponentModel>;
  deleteStackComponent(id: string): Promise<void>;

  createStack(stack: Omit<StackModel, 'id' | 'created' | 'updated'>): Promise<StackModel>;
  getStack(nameOrId: string): Promise<StackModel>;
  listStacks(request?: PageRequest): Promise<Page<StackModel>>;
  updateStack(id: string, update: Partial<Pick<StackModel, 'name' | 'components'>>): Promise<StackModel>;
  deleteStack(id: string): Promise<void>;
}
