import type { ArtifactVersion } from '../artifacts/artifact-version.js';
import type { ExecutionStatus, RunModel, StepRunModel } from '../core/entities.js';
import type { ScheduleModel } from '../core/schedule-entities.js';

export interface StepRunResult {
  id: string;
  invocationId: string;
  status: ExecutionStatus;
  cached: boolean;
  error?: string;
  /** Output name → the artifact version the step produced (or reused from cache). */
  outputs: Record<string, ArtifactVersion>;
  stepRun: StepRunModel;
}

/**
 * A run with its steps: what `await myPipeline()` resolves to and what
 * `Client.getPipelineRun()` returns. The run record's fields are on it directly.
 */
export interface PipelineRunResult extends RunModel {
  /** The first step error (or the run's status reason), when the run failed. */
  error?: string;
  /** Step runs by invocation id. */
  steps: Record<string, StepRunResult>;
  /** The run record alone. */
  run: RunModel;
  /** Set when the call created a schedule instead of running (status `scheduled`, no run yet). */
  schedule?: ScheduleModel;
}
