// What the API answers (the fields the dashboard reads; see docs/openapi.json and src/core).
export type Status = 'initializing' | 'running' | 'completed' | 'cached' | 'failed' | 'retrying' | 'stopped' | 'skipped';
export const FINISHED: readonly string[] = ['completed', 'cached', 'failed', 'stopped', 'skipped'];

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}
export interface Pipeline {
  id: string;
  name: string;
  description?: string;
  created: string;
  updated: string;
  tags: string[];
}
export interface Run {
  id: string;
  name: string;
  pipelineId: string;
  pipelineName: string;
  snapshotId: string;
  stackId?: string;
  status: Status;
  statusReason?: string;
  created: string;
  started?: string;
  ended?: string;
  owner?: string;
  tags: string[];
}
export interface StepSpec {
  id: string;
  stepName: string;
  upstream: string[];
  parameters: Record<string, unknown>;
}
export interface Snapshot {
  id: string;
  spec: { steps: StepSpec[] };
}
export interface StepRun {
  id: string;
  runId: string;
  invocationId: string;
  stepName: string;
  status: Status;
  cached: boolean;
  cacheKey?: string;
  parameters: Record<string, unknown>;
  originalStepRunId?: string;
  error?: string;
  attempts: number;
  created: string;
  started?: string;
  ended?: string;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  logsUri?: string;
}
export interface Artifact {
  id: string;
  name: string;
  created: string;
  latestVersion?: number | string;
  versionCount: number;
  tags: string[];
}
export interface ArtifactVersion {
  id: string;
  artifactId: string;
  name: string;
  version: number | string;
  uri: string;
  dataType: string;
  materializer: string;
  type: string;
  size?: number;
  producerStepRunId?: string;
  producerRunId?: string;
  visualizations: Array<{ type: string; file: string }>;
  created: string;
  tags: string[];
}
export interface MetadataEntry {
  key: string;
  value: unknown;
  type: string;
}
export interface Model {
  id: string;
  name: string;
  description?: string;
  license?: string;
  created: string;
  latestVersion?: number;
  versionCount: number;
  tags: string[];
}
export interface ModelVersion {
  id: string;
  modelId: string;
  modelName: string;
  number: number;
  name: string;
  description?: string;
  stage: 'none' | 'staging' | 'production' | 'archived';
  stageChangedBy?: string;
  stageChangedAt?: string;
  producerRunId?: string;
  created: string;
  tags: string[];
}
export interface Stack {
  id: string;
  name: string;
  owner?: string;
  created: string;
  components: Record<string, string>;
}
export interface Component {
  id: string;
  name: string;
  type: string;
  flavor: string;
  config: Record<string, unknown>;
  owner?: string;
}
export interface Secret {
  id: string;
  name: string;
  keys: string[];
  owner?: string;
  private: boolean;
  backend: string;
  created: string;
}
export interface User {
  id: string;
  name: string;
  fullName?: string;
  email?: string;
  isAdmin: boolean;
  active: boolean;
  isServiceAccount: boolean;
  created: string;
}
export interface ApiKey {
  id: string;
  name: string;
  description?: string;
  active: boolean;
  created: string;
  lastUsed?: string;
}
export interface Visualized {
  type: 'html' | 'markdown' | 'csv' | 'json' | 'image' | 'text';
  value: string;
}
