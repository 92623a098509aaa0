import type { ArtifactVersion } from '../artifacts/artifact-version.js';
import type { ExecutionStatus, RunModel, StepRunModel } from '../core/entities.js';

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

/** What `await myPipeline()` resolves to: the finished run. */
export interface PipelineRunResult {
  id: string;
  name: string;
  pipelineName: string;
  status: ExecutionStatus;
  /** The first step error, when the run failed. */
  error?: string;
  steps: Record<string, StepRunResult>;
  run: RunModel;
}
