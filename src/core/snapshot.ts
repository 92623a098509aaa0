import type { ArtifactType } from './materializer.js';
import type { ModelReference, RetryConfig } from './step-config.js';
import type { ExecutionMode, HookRef } from './hook-config.js';
import type { ResolvedCachePolicy } from './cache-policy.js';

/** A model version's artifact, looked up when the step runs (Model.fromStage(...).getArtifact(...)). */
export interface ModelArtifactSpec {
  model: string;
  /** Version number, name, stage or `latest`; omitted = latest. */
  version?: string | number;
  /** Artifact name (or output name) linked to that model version. */
  artifact: string;
}

/** Where a step input comes from: another step's output, a stored version, or a model's artifact. */
export type InputSpec =
  | {
      kind: 'artifact';
      step: string;
      output: string;
      /** On one element of a `.map()` step: the input is item `index` of that (list) output. */
      index?: number;
      /** Fan-in: `step` is a `.map()` step and the input is the list of its elements' outputs. */
      collect?: boolean;
    }
  | { kind: 'external'; artifactVersionId: string }
  | ({ kind: 'model_artifact' } & ModelArtifactSpec);

/** The resolved config of one step as it runs. */
export interface ResolvedStepConfig {
  enableCache: boolean;
  /** Set only when it differs from the default (everything included). */
  cachePolicy?: ResolvedCachePolicy;
  /** Seconds after which a cached result is not reused; absent = never expires. */
  cacheExpiration?: number;
  /** False: outputs keep no materializer-extracted metadata (absent = true). */
  enableArtifactMetadata?: boolean;
  /** False: outputs get no visualizations (absent = true). */
  enableArtifactVisualization?: boolean;
  settings: Record<string, unknown>;
  extra: Record<string, unknown>;
  retry?: RetryConfig;
  tags: string[];
  secrets: string[];
  model?: ModelReference;
  /** The step's onFailure / onSuccess hooks (its own, else its pipeline's). */
  hooks?: { onFailure?: HookRef; onSuccess?: HookRef };
  /** Copied from StepSpec.element so the stored step run says which element of a `.map()` step it is. */
  element?: { of: string; index: number };
}

export interface OutputSpec {
  name: string;
  artifactName: string;
  /** A custom version name for the version this output creates. */
  artifactVersion?: string;
  /** Materializer id chosen by the user; otherwise picked by value at run time. */
  materializer?: string;
  artifactType?: ArtifactType;
  tags: string[];
}

export interface StepSpec {
  /** Invocation id, unique in the pipeline. */
  id: string;
  stepName: string;
  sourceHash: string;
  /** Digest of the step's source file and the local modules it imports (absent when the file is unknown). */
  codeHash?: string;
  parameters: Record<string, unknown>;
  inputs: Record<string, InputSpec>;
  /** Invocation ids that must finish first (from inputs and `after`). */
  upstream: string[];
  outputs: OutputSpec[];
  config: ResolvedStepConfig;
  /** A `.map()` step: the inputs it maps over; one element step runs per item, known at run time (see execution/fan-out.ts). */
  map?: { inputs: string[] };
  /** One element of a `.map()` step: that step's id and this element's index. */
  element?: { of: string; index: number };
}

/** Everything needed to run a pipeline again, in this or another process. Stored per run. */
export interface SnapshotSpec {
  pipeline: { name: string; description?: string };
  /** Steps in a valid execution order. */
  steps: StepSpec[];
  /** Pipeline function parameters, to recompile the same DAG elsewhere. */
  parameters: Record<string, unknown>;
  runName?: string;
  stack?: string;
  tags: string[];
  model?: ModelReference;
  settings: Record<string, unknown>;
  extra: Record<string, unknown>;
  /** Where the pipeline is defined; `hash` (sha256 of the file at launch) lets a resume notice edits. */
  source?: { file: string; export?: string; hash?: string };
  /** What happens to running and pending steps when one fails; absent = continueOnFailure. Every orchestrator reads it here. */
  executionMode?: ExecutionMode;
  /** The pipeline's onInit / onCleanup hooks, run once per run by the process that drives it. */
  hooks?: { onInit?: HookRef; onCleanup?: HookRef };
  /** Set on a resumed run: the run it continues, and the step runs of it reused as they are. */
  resumeFrom?: { runId: string; steps: Record<string, string> };
}
