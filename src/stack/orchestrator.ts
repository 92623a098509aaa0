import type { ArtifactStore } from '../core/artifact-store.js';
import type { SnapshotSpec, StepSpec } from '../core/snapshot.js';
import type { ArtifactVersionModel, ExecutionStatus, RunModel } from '../core/entities.js';
import type { ScheduleModel } from '../core/schedule-entities.js';
import type { ZenStore } from '../store/zen-store.js';
import type { StackValidationInput } from './flavor.js';
import type { ComponentType } from './component-types.js';
import type { Materializer } from '../core/materializer.js';

export type { StackValidationInput };

/** The result of one step as the orchestrator sees it. */
export interface StepOutcome {
  status: ExecutionStatus;
  error?: string;
  /** The step's completion also ended the run (StepRunRequest.endsRun said it was the last). */
  endedRun?: boolean;
}

/** What an orchestrator is handed for one run. */
export interface RunJob {
  run: RunModel;
  snapshotId: string;
  spec: SnapshotSpec;
  store: ZenStore;
  artifactStore: ArtifactStore;
  /** Settings for this orchestrator from the pipeline (`settings.orchestrator`). */
  settings: Record<string, unknown>;
  /** Runs one step through the shared step launcher in this process. */
  runStepInProcess(step: StepSpec): Promise<StepOutcome>;
  /** Records that a step never ran (fail-fast). */
  markSkipped(step: StepSpec): Promise<void>;
  /**
   * Execution mode failFast, after a step failed: marks the steps still running stopped and
   * aborts them (`signal` fires: child processes end); runDag then waits for them no longer.
   * `running` are the steps launched and not yet finished: one whose process had not recorded
   * its step run yet is recorded stopped too, so the run lists every step.
   */
  abortRunningSteps?(running: StepSpec[]): Promise<void>;
  /** True once a stop was requested; orchestrators start no new steps after it. */
  stopRequested(): boolean;
  /** Aborts on an immediate stop: an orchestrator with child processes should end them. */
  signal?: AbortSignal;
  /**
   * Reports a state change of a step that runs outside this process (the in-process
   * launcher reports its own), so the CLI can draw progress for any orchestrator.
   */
  reportStep?(step: StepSpec, status: ExecutionStatus, detail?: { durationMs?: number; error?: string }): void;
  /**
   * Hands over output versions that steps outside this process registered (as their runners
   * reported them): the run's result then shows them without reading each back from the store.
   */
  rememberVersions?(versions: readonly ArtifactVersionModel[]): void;
  /** Materializers named in the pipeline's config, by id (to read a list a `.map()` step maps over). */
  materializers?: Map<string, Materializer>;
  /** Return once the steps are handed over (queued), without waiting for them (`--detach`; only `workerDriven` orchestrators). */
  detach?: boolean;
  /** Another component of the run's stack (an image builder, a container registry), built on demand; undefined when the stack has none. */
  stackComponent?(type: ComponentType): Promise<unknown | undefined>;
}

/** What `zenml pipeline build` hands an orchestrator that runs steps from images. */
export interface PipelineBuildRequest {
  spec: SnapshotSpec;
  /** See RunJob.stackComponent. */
  stackComponent(type: ComponentType): Promise<unknown | undefined>;
}

/** The images a build made or reused, one per distinct set of Docker settings. */
export interface PipelineBuildResult {
  images: Array<{ image: string; digest?: string; contentHash: string; built: boolean; pushed: boolean; steps: string[] }>;
}

/** What `zenml worker start` asks of an orchestrator whose steps run on workers. */
export interface WorkerOptions {
  /** Steps this worker runs at once (default: the component's `concurrency`). */
  concurrency?: number;
  /** Where the worker says what it does (stderr in the CLI). */
  log?: (line: string) => void;
  /** Ends the worker: it finishes or hands back its running steps, then resolves `startWorker`. */
  signal?: AbortSignal;
}

export interface Orchestrator {
  /** Executes every step of the run, honouring `upstream` order; resolves when no step is left running. */
  run(job: RunJob): Promise<void>;
  /** Refuses a stack this orchestrator cannot work with (e.g. a remote one with a local artifact store). */
  validate?(stack: StackValidationInput): string | undefined;
  /**
   * True when the steps run on workers (other processes, other machines) that record the
   * run's end themselves: the launcher then reads the outcome instead of computing it, and
   * the run can be detached.
   */
  readonly workerDriven?: boolean;
  /** Runs a worker for this orchestrator's queue in this process until `signal` aborts (`zenml worker start`). */
  startWorker?(options: WorkerOptions): Promise<void>;
  /**
   * Orchestrators that fire schedules themselves (bullmq: a job scheduler whose jobs its
   * workers run) keep that executor in step with a schedule on their stack: `upsert` after it
   * was created, resumed or changed (a paused one is removed), `remove` after it was deleted.
   * `zenml scheduler` leaves the schedules of workerDriven stacks to them.
   */
  syncSchedule?(schedule: ScheduleModel, change: 'upsert' | 'remove'): Promise<void>;
  /** Orchestrators that run steps from container images build (and push) them without running (`zenml pipeline build`). */
  build?(request: PipelineBuildRequest): Promise<PipelineBuildResult>;
}
