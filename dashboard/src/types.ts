// The API's answers are the library's own models (see docs/openapi.json): the dashboard names
// them after what it shows, and type-only imports keep src/ out of the browser bundle except for
// the one constant below.
import type { ArtifactModel, ArtifactVersionModel, ExecutionStatus, MetadataEntry, PipelineModel, RunModel, SecretModel, SnapshotModel, StackComponentModel, StackModel, StepRunModel } from '../../src/core/entities.js';
import type { ApiKeyModel, UserModel } from '../../src/core/identity-entities.js';
import type { VisualizationType } from '../../src/core/materializer.js';
import type { ModelModel, ModelVersionModel } from '../../src/core/model-entities.js';
import type { SnapshotSpec, StepSpec } from '../../src/core/snapshot.js';

export { FINISHED_STATUSES as FINISHED } from '../../src/core/entities.js';
export type { Page } from '../../src/core/entities.js';
export type { MetadataEntry, StepSpec };

export type Status = ExecutionStatus;
export type Pipeline = PipelineModel;
export type Run = RunModel;
export type Snapshot = SnapshotModel<SnapshotSpec>;
export type StepRun = StepRunModel;
export type Artifact = ArtifactModel;
export type ArtifactVersion = ArtifactVersionModel;
export type Model = ModelModel;
export type ModelVersion = ModelVersionModel;
export type Stack = StackModel;
export type Component = StackComponentModel;
export type Secret = SecretModel;
export type User = UserModel;
export type ApiKey = ApiKeyModel;

/** What GET /artifact_versions/{id}/visualize answers (src/artifacts/visualization.ts LoadedVisualization). */
export interface Visualized {
  type: VisualizationType;
  value: string;
}
