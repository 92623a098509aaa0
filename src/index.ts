// The public SDK: `import { step, pipeline, Client } from 'zenml'`. Nothing else is public.
export { step } from './sdk/step.js';
export type { Step, StepInput, StepInputs, StepCallResult } from './sdk/step.js';
export { pipeline } from './sdk/pipeline.js';
export type { Pipeline } from './sdk/pipeline.js';
export { OutputRef } from './sdk/output-ref.js';
export type { PipelineRunResult, StepRunResult } from './sdk/run-result.js';
export type {
  StepConfig,
  PipelineConfig,
  RunOptions,
  StepRunOptions,
  RetryConfig,
  InvocationOptions,
  OutputArtifactConfig,
  ModelReference,
  ProgressEvent,
} from './sdk/types.js';
export { Client } from './sdk/client.js';
export { ArtifactVersion } from './artifacts/artifact-version.js';
export { saveArtifact, loadArtifact } from './artifacts/save-load.js';
export type { SaveArtifactOptions } from './artifacts/save-load.js';
export { getStepContext } from './execution/step-context.js';
export type { StepContext } from './execution/step-context.js';
export { logMetadata } from './sdk/log-metadata.js';
export type { MetadataTarget } from './sdk/log-metadata.js';
export { BaseMaterializer } from './materializers/types.js';
export type { Materializer, MetadataValue, Visualization, ArtifactType } from './materializers/types.js';
export { registerMaterializer } from './materializers/registry.js';
export type { ArtifactFiles } from './artifacts/artifact-store.js';
export { ZenError } from './errors.js';
export { Model, ModelArtifactReference } from './models/model.js';
export type { ModelConfig, ModelSpec } from './models/model.js';
export { linkArtifactToModel } from './models/link.js';
export type {
  ModelModel,
  ModelVersionModel,
  ModelStage,
  ModelArtifactType,
  ModelVersionArtifactModel,
  ModelCard,
  StageTransitionModel,
  TagModel,
} from './models/types.js';
export type {
  ExecutionStatus,
  Page,
  PipelineModel,
  RunModel,
  StepRunModel,
  ArtifactModel,
  ArtifactVersionModel,
  StackModel,
  StackComponentModel,
  SecretModel,
} from './store/models.js';
