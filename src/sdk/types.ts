import type { ArtifactType, Materializer } from '../materializers/types.js';

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
  type?: ArtifactType;
  tags?: string[];
  materializer?: Materializer | string;
}

/** Config shared by steps and pipelines; a step's own value wins over its pipeline's. */
export interface CommonConfig {
  enableCache?: boolean;
  settings?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  retry?: RetryConfig;
  tags?: string[];
  secrets?: string[];
  model?: ModelReference | { toReference(): ModelReference };
  /** Reserved for the experiment tracker component. */
  experimentTracker?: string;
}

export interface StepConfig<Outputs extends readonly string[] = readonly string[]> extends CommonConfig {
  name?: string;
  /** Names of several outputs; the step function then returns a record with these keys. */
  outputs?: Outputs;
  outputMaterializers?: Materializer | string | Record<string, Materializer | string>;
  /** Per-output artifact name, type and tags. */
  artifacts?: Record<string, OutputArtifactConfig>;
}

export interface PipelineConfig extends CommonConfig {
  name: string;
  description?: string;
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

export interface RunOptions {
  runName?: string;
  enableCache?: boolean;
  configPath?: string;
  /** Stack to run on instead of the active one (name or id). */
  stack?: string;
  parameters?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  tags?: string[];
  model?: ModelReference;
  steps?: Record<string, StepRunOptions>;
  /** Called as each step changes state (the CLI draws progress with it). */
  onProgress?: (event: ProgressEvent) => void;
}

export interface ProgressEvent {
  kind: 'run' | 'step';
  invocationId?: string;
  status: string;
  runName: string;
  durationMs?: number;
  error?: string;
}
