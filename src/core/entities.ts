import type { ArtifactType, MetadataValue, Visualization } from './materializer.js';

/** Statuses of runs and step runs (ZenML's ExecutionStatus, plus `skipped` for steps a fail-fast run never started). */
export type ExecutionStatus =
  | 'initializing'
  | 'running'
  | 'completed'
  | 'cached'
  | 'failed'
  | 'retrying'
  | 'stopped'
  | 'skipped';

export const FINISHED_STATUSES: readonly ExecutionStatus[] = ['completed', 'cached', 'failed', 'stopped', 'skipped'];

export interface Page<T> {
  items: T[];
  total: number;
  /** 1-based page number. */
  page: number;
  size: number;
  /** Cursor for the page after this one (pass it as `after`), when there is one; stores that page by keyset set it. */
  next?: string;
}

export interface PageRequest {
  page?: number;
  size?: number;
  /** ZenML's `sort_by`: `desc:created`, `asc:name`, or a field (ascending). */
  sortBy?: string;
}

/**
 * The filters every named list takes, each a ZenML filter expression (core/filters): a plain
 * value matches exactly; `contains:`, `startswith:`, `endswith:`, `notequals:`, `oneof:[a,b]`,
 * and for dates `gt:`/`gte:`/`lt:`/`lte:` (e.g. `gte:2026-01-01`).
 */
export interface ListFilter extends PageRequest {
  name?: string;
  created?: string;
}

export interface PipelineModel {
  id: string;
  name: string;
  description?: string;
  created: string;
  updated: string;
  tags: string[];
}

export interface SnapshotModel<Spec = unknown> {
  id: string;
  pipelineId: string;
  spec: Spec;
  sourceFile?: string;
  sourceExport?: string;
  created: string;
}

/** The process that owns an active run: enough to tell whether it is still alive. */
export interface ActiveRunOwner {
  id: string;
  pid: number | null;
  host: string | null;
  heartbeat: string | null;
  created: string;
}

export interface RunModel {
  id: string;
  name: string;
  pipelineId: string;
  pipelineName: string;
  snapshotId: string;
  stackId?: string;
  status: ExecutionStatus;
  statusReason?: string;
  config: Record<string, unknown>;
  created: string;
  started?: string;
  ended?: string;
  pid?: number;
  host?: string;
  heartbeat?: string;
  originalRunId?: string;
  /** Set once `zenml pipeline runs stop` asked this run to stop; the running process polls it. */
  stopRequested?: StopMode;
  /** The schedule whose firing created this run. */
  scheduleId?: string;
  /** The user (or service account) whose client created the run. */
  owner?: string;
  tags: string[];
}

/** `graceful`: running steps finish; `immediate`: running steps are abandoned and marked stopped. */
export type StopMode = 'graceful' | 'immediate';

export interface StepRunModel {
  id: string;
  runId: string;
  invocationId: string;
  stepName: string;
  status: ExecutionStatus;
  cacheKey?: string;
  cached: boolean;
  parameters: Record<string, unknown>;
  config: Record<string, unknown>;
  originalStepRunId?: string;
  error?: string;
  attempts: number;
  created: string;
  started?: string;
  ended?: string;
  /** Input name → artifact version id. */
  inputs: Record<string, string>;
  /** Output name → artifact version id. */
  outputs: Record<string, string>;
  /**
   * Where the step's captured stdout and stderr are in the artifact store (ZenML's step run
   * `logs`): a folder of chunks. A cached step run points at the original's logs.
   */
  logsUri?: string;
}

export interface ArtifactModel {
  id: string;
  name: string;
  created: string;
  updated: string;
  /** The newest version: a number, or the name it was saved under. */
  latestVersion?: number | string;
  versionCount: number;
  tags: string[];
}

export interface ArtifactVersionModel {
  id: string;
  artifactId: string;
  name: string;
  /** 1, 2, 3... counted per name, or the custom name it was saved under (a string, never all digits). */
  version: number | string;
  uri: string;
  artifactStoreId: string;
  materializer: string;
  dataType: string;
  type: ArtifactType;
  contentHash?: string;
  /** Checksum of each file of the version as written (SHA-256 hex, or `xxh128:<hex>` for large files), checked when it is loaded; absent on versions written before. */
  fileHashes?: Record<string, string>;
  size?: number;
  producerStepRunId?: string;
  producerRunId?: string;
  visualizations: Visualization[];
  created: string;
  tags: string[];
}

export type MetadataResourceType = 'pipeline_run' | 'step_run' | 'artifact_version' | 'model_version';

export interface MetadataEntry {
  key: string;
  value: MetadataValue;
  /** `int`, `float`, `string`, `bool`, `json`, `uri`, `storage_size`. */
  type: string;
  created: string;
}

export type TaggableResourceType = 'pipeline' | 'pipeline_run' | 'artifact' | 'artifact_version' | 'model' | 'model_version';

/** What a writer registers: the stored record's own fields, before a version number is given. */
export interface NewArtifactVersion
  extends Pick<ArtifactVersionModel, 'id' | 'name' | 'uri' | 'artifactStoreId' | 'materializer' | 'dataType' | 'type' | 'contentHash' | 'fileHashes' | 'size'> {
  /** A custom version name; omitted = the next number. */
  version?: string;
  visualizations?: Visualization[];
  metadata?: Record<string, MetadataValue>;
  tags?: string[];
}

export interface StackComponentModel {
  id: string;
  name: string;
  type: string;
  flavor: string;
  config: Record<string, unknown>;
  owner?: string;
  created: string;
  updated: string;
}

export interface StackModel {
  id: string;
  name: string;
  owner?: string;
  created: string;
  updated: string;
  /** Component type → component id. */
  components: Record<string, string>;
}

/** Where a secret's values live: encrypted in the store (`sql`) or in the OS keychain. */
export type SecretBackendName = 'sql' | 'keychain';

/** A secret's metadata. Values are never part of it: they live in a secrets backend. */
export interface SecretModel {
  id: string;
  name: string;
  /** Key names, sorted. */
  keys: string[];
  owner?: string;
  /** Visible to its owner only. */
  private: boolean;
  backend: SecretBackendName;
  created: string;
  updated: string;
}

export interface NewSecret {
  /** Chosen by the caller when the values are written elsewhere first (keychain entries are keyed by id). */
  id?: string;
  name: string;
  keys: string[];
  owner?: string;
  private: boolean;
  backend: SecretBackendName;
  /** Ciphertext of the values when the sql backend holds them. */
  encryptedValues?: string;
}

/**
 * Secret values kept by the store itself, sealed with its own key: a server. Clients hand it
 * plain values over the connection and never hold ciphertext or the key; the server runs the
 * same rules as a local store (names, keys, visibility).
 */
export interface SecretValuesService {
  createSecret(secret: { name: string; values: Record<string, string>; private?: boolean }): Promise<SecretModel>;
  /** Adds or overwrites `values`, drops `removeKeys`, and sets `private` when given. */
  updateSecretValues(nameOrId: string, change: { values?: Record<string, string>; removeKeys?: string[]; private?: boolean }): Promise<SecretModel>;
  getSecretValues(nameOrId: string): Promise<{ secret: SecretModel; values: Record<string, string> }>;
}

export type SecretUpdate = Partial<Pick<SecretModel, 'name' | 'keys' | 'private' | 'backend'>> & {
  /** New ciphertext, or null to drop the sql copy of the values. */
  encryptedValues?: string | null;
};
