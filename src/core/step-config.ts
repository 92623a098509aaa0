import type { ArtifactType, Materializer } from './materializer.js';
import type { SnapshotSpec } from './snapshot.js';
import type { ScheduleConfig } from './schedule-entities.js';
import type { CleanupHook, ExecutionMode, FailureHook, HookOption, InitHook, SuccessHook } from './hook-config.js';
import type { CacheExpiration, CachePolicy } from './cache-policy.js';

export interface RetryConfig {
  /** Attempts after the first one. */
  maxRetries: number;
  /** Wait before the first retry. */
  delayMs?: number;
  /** Multiplier applied to the delay after each retry (1 = constant). */
  backoff?: number;
}

export interface ModelReference {
  name: string;
  /** A version number or name, or a stage (`staging`, `production`, `latest`, `archived`); omitted = a new version. */
  version?: string | number;
}

/** Per-output artifact settings. */
export interface OutputArtifactConfig {
  /** Artifact name instead of `<pipeline>::<invocation>::<output>`. */
  name?: string;
  /** A custom version name for each version this output creates (as ZenML's ArtifactConfig); omitted = the next number. */
  version?: string;
  type?: ArtifactType;
  tags?: string[];
  materializer?: Materializer | string;
}

/** Config shared by steps and pipelines; a step's own value wins over its pipeline's. */
export interface CommonConfig {
  enableCache?: boolean;
  /** What enters the cache key (ZenML's CachePolicy); a step's fields win over its pipeline's. */
  cachePolicy?: CachePolicy;
  /** A cached result older than this is not reused: seconds, or '30m', '12h', '7d'. */
  cacheExpiration?: CacheExpiration;
  /** Store the metadata materializers extract from outputs (size, shape, ...); default true. */
  enableArtifactMetadata?: boolean;
  /** Store the visualizations materializers make of outputs; default true. */
  enableArtifactVisualization?: boolean;
  settings?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  retry?: RetryConfig;
  tags?: string[];
  secrets?: string[];
  model?: ModelReference | { toReference(): ModelReference };
  /** Reserved for the experiment tracker component. */
  experimentTracker?: string;
  /** Called when a step fails (set on a pipeline: for each of its steps without its own). See src/core/hook-config.ts. */
  onFailure?: HookOption<FailureHook>;
  /** Called when a step succeeded (set on a pipeline: for each of its steps without its own). */
  onSuccess?: HookOption<SuccessHook>;
}

/** Pipeline-only settings, in `pipeline({...})`, withOptions() and the run config. */
export interface PipelineRunSettings {
  /** What happens to running and pending steps when one fails (default continueOnFailure, as ZenML). */
  executionMode?: ExecutionMode;
  /** Called once per run before its first step. */
  onInit?: HookOption<InitHook>;
  /** Called once per run after it ended. */
  onCleanup?: HookOption<CleanupHook>;
}

export interface StepConfig<Outputs extends readonly string[] = readonly string[]> extends CommonConfig {
  name?: string;
  /** Names of several outputs; the step function then returns a record with these keys. */
  outputs?: Outputs;
  outputMaterializers?: Materializer | string | Record<string, Materializer | string>;
  /** Per-output artifact name, type and tags. */
  artifacts?: Record<string, OutputArtifactConfig>;
}

/** What the compiler and launcher need to know about a step, independent of its TS types. */
export interface StepDefinition {
  readonly name: string;
  readonly config: StepConfig;
  readonly outputNames: string[];
  readonly fn: (input: any) => unknown;
  /** Hash of the function's source text: a changed function misses the cache. */
  readonly sourceHash: string;
  /** The file that declared the step: it and its local imports enter the cache key (see code-dependencies.ts). */
  readonly sourceFile?: string;
}

export interface PipelineConfig extends CommonConfig, PipelineRunSettings {
  name: string;
  description?: string;
  /** Run on a schedule instead of now: calling the pipeline creates the schedule (as ZenML's `schedule=`). */
  schedule?: ScheduleConfig;
}

/** Options for one invocation of a step inside a pipeline. */
export interface InvocationOptions {
  /** Invocation id; defaults to the step name, then `_2`, `_3` for repeats. */
  id?: string;
  /** Invocation ids that must finish before this one starts. */
  after?: string[];
}

/** Per-step overrides in withOptions() and in the YAML run config. */
export interface StepRunOptions extends CommonConfig {
  parameters?: Record<string, unknown>;
}

export interface RunOptions extends PipelineRunSettings {
  runName?: string;
  enableCache?: boolean;
  cachePolicy?: CachePolicy;
  cacheExpiration?: CacheExpiration;
  enableArtifactMetadata?: boolean;
  enableArtifactVisualization?: boolean;
  configPath?: string;
  /** Stack to run on instead of the active one (name or id). */
  stack?: string;
  parameters?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  tags?: string[];
  model?: ModelReference;
  steps?: Record<string, StepRunOptions>;
  /** Run on a schedule instead of now (also the run config's `schedule:`). */
  schedule?: ScheduleConfig;
  /** Called as each step changes state (the CLI draws progress with it). */
  onProgress?: (event: ProgressEvent) => void;
  /** Return once the steps are queued, without waiting (orchestrators with workers only). */
  detach?: boolean;
  onFailure?: HookOption<FailureHook>;
  onSuccess?: HookOption<SuccessHook>;
}

export interface ProgressEvent {
  kind: 'run' | 'step';
  invocationId?: string;
  status: string;
  runName: string;
  durationMs?: number;
  error?: string;
}

/** A pipeline as declared: its name, config and the function that wires its steps. */
export interface PipelineDefinition {
  name: string;
  config: PipelineConfig;
  fn: (params: any) => unknown;
  sourceFile?: string;
}

/** A pipeline compiled for one run: the snapshot plus what only this process holds (functions, materializers). */
export interface CompiledPipeline {
  spec: SnapshotSpec;
  /** Invocation id → step (function and config), for running in this process. */
  steps: Map<string, StepDefinition>;
  options: RunOptions;
  /** Materializer objects named in config, by id, so the launcher can use ones not registered globally. */
  materializers: Map<string, Materializer>;
  /** Hooks given as functions, by `<invocation id>.<hook>` or `pipeline.<hook>` (the snapshot holds their HookRef). */
  hookFunctions?: Map<string, (...args: never[]) => unknown>;
}
