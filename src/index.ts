// The public SDK: `import { step, pipeline, Client } from 'zenml'`. Nothing else is public.
export { step } from './sdk/step.js';
export { unmapped, type Unmapped } from './sdk/map.js';
export type { Step, StepInput, StepInputs, StepCallResult } from './sdk/step.js';
export { pipeline } from './sdk/pipeline.js';
export type { Pipeline } from './sdk/pipeline.js';
export { OutputRef } from './sdk/output-ref.js';
export type { PipelineRunResult, StepRunResult } from './execution/run-result.js';
export type { StepLogChunk } from './execution/run-logs.js';
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
} from './core/step-config.js';
export { Client } from './sdk/client.js';
export { ArtifactVersion } from './artifacts/artifact-version.js';
export { saveArtifact, loadArtifact, loadArtifactVisualization, registerArtifact } from './sdk/artifact-functions.js';
export type { LoadedVisualization, VisualizationFile } from './artifacts/visualization.js';
export type { RegisterArtifactOptions, PruneOptions, PruneReport, PrunedVersion } from './sdk/artifact-lifecycle.js';
export type { CachePolicy, CacheExpiration } from './core/cache-policy.js';
export type { SaveArtifactOptions } from './sdk/artifact-functions.js';
export { getStepContext } from './sdk/step-context.js';
export { alerterFailureHook, alerterSuccessHook } from './execution/alerter-hooks.js';
export type { FailureHook, SuccessHook, InitHook, CleanupHook, HookStepContext, PipelineHookContext, ExecutionMode } from './core/hook-config.js';
export type { Alerter, AlerterParams } from './core/alerter.js';
export type { StepStack } from './context/step-context.js';
export type { StepContext } from './sdk/step-context.js';
export { logMetadata } from './sdk/log-metadata.js';
export type { LogMetadataOptions } from './sdk/log-metadata.js';
export { BaseMaterializer } from './core/materializer.js';
export type { Materializer, MetadataValue, Visualization, VisualizationType, ArtifactType } from './core/materializer.js';
export { registerMaterializer } from './materializers/registry.js';
export type { ArtifactFiles } from './core/artifact-store.js';
export { ZenError } from './core/errors.js';
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
} from './core/model-entities.js';
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
} from './core/entities.js';
