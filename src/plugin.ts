// The surface for flavor-plugin authors: `import type { FlavorDescriptor } from 'zenml/plugin'`.
// Plugins import only from 'zenml' and 'zenml/plugin', never from src/ paths.
export type { ComponentType } from './stack/component-types.js';
export { COMPONENT_TYPES, REQUIRED_COMPONENT_TYPES } from './stack/component-types.js';
export type { ComponentContext, FlavorDescriptor, FlavorImplementation, FlavorHookResult } from './stack/flavor.js';
export type { Orchestrator, RunJob, StepOutcome, StackValidationInput, WorkerOptions, PipelineBuildRequest, PipelineBuildResult } from './stack/orchestrator.js';
export type {
  ArtifactStore,
  ArtifactFiles,
} from './core/artifact-store.js';
export type {
  ContainerRegistry,
  ExperimentTracker,
  ModelDeployer,
  StepOperator,
  Alerter,
  AlerterParams,
  ImageBuilder,
} from './stack/component-interfaces.js';
export type { SnapshotSpec, StepSpec } from './core/snapshot.js';
export { runDag, stepParallelism } from './execution/dag-scheduler.js';
export { ZenError, UsageError, NotFoundError, errorMessage } from './core/errors.js';
export { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, tightenPrivatePaths } from './core/private-files.js';
export { resolveCliEntrypoint, resolveStepProcessEntrypoint, stepEntrypointArgs, stepProcessPluginEnv } from './stack/step-entrypoint-args.js';
export { stepProcessEnv } from './stack/step-process-env.js';
export { diesWithDriverEnv } from './execution/driver-watch.js';
export { runSnapshotStep, outcomeAfterRunner, type StepEntrypointRequest, type KnownRun } from './execution/step-entrypoint.js';
export { getZenContext, closeZenContexts, type ZenContext } from './context/zen-context.js';
export type { RunModel, StepRunModel, ExecutionStatus, ArtifactVersionModel } from './core/entities.js';
export type { ZenStore } from './store/zen-store.js';
export { ACTIVE_RUN_STATUSES, HEARTBEAT_TIMEOUT_MS } from './execution/dead-runs.js';
export type { ScheduleModel } from './core/schedule-entities.js';
export { fireDueSchedule } from './execution/schedules/schedule-executor.js';
