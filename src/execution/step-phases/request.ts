import type { ArtifactStore } from '../../core/artifact-store.js';
import type { ArtifactVersionModel, RunModel, StepRunModel } from '../../core/entities.js';
import type { Materializer } from '../../core/materializer.js';
import type { SnapshotSpec, StepSpec } from '../../core/snapshot.js';
import type { CompiledPipeline, StepDefinition } from '../../core/step-config.js';
import type { ZenContext } from '../../context/zen-context.js';
import type { RecentFiles } from '../../artifacts/recent-files.js';
import type { RunStop } from './run-stop.js';

export interface StepRunRequest {
  context: ZenContext;
  run: RunModel;
  spec: SnapshotSpec;
  step: StepSpec;
  definition: StepDefinition;
  artifactStore: ArtifactStore;
  /** Step runs of this run finished so far, by invocation id (their outputs feed inputs). */
  finished: Map<string, StepRunModel>;
  materializers?: Map<string, Materializer>;
  /** Hooks given as functions (CompiledPipeline.hookFunctions): the snapshot names them, these are they. */
  hookFunctions?: CompiledPipeline['hookFunctions'];
  onStatus?: (status: string, detail?: { error?: string; durationMs?: number }) => void;
  /** Set when the run is stopped immediately: the step's late result is then discarded (see runStopOf). */
  stop?: RunStop;
  /**
   * Versions this run registered or reused so far, by id (shared by the run's steps in this
   * process): inputs and outputs are then not read back from the store. Only their immutable
   * fields matter here.
   */
  versions?: Map<string, ArtifactVersionModel>;
  /** The small outputs this run wrote in this process (shared by its steps): inputs load from memory. */
  recentFiles?: RecentFiles;
  /**
   * Set when a queue makes the step's attempts (one per job attempt, BullMQ): this call makes
   * attempt `number` only, and a failure that is not `final` leaves the step `retrying` for
   * the queue to try again later. `previous` is the step run an earlier attempt, or a worker
   * that died, left behind: it is carried on instead of starting a second one.
   */
  queuedAttempt?: { number: number; final: boolean; previous?: StepRunModel };
  /**
   * Asked just before the step is marked done (completed or cached): true when it is the
   * run's last step and every other one succeeded, so the same store call ends the run
   * (StepCompletion.endRun). A queue worker knows it from the queue's bookkeeping.
   */
  endsRun?: () => Promise<boolean>;
  /** Set by resolveInputs for inputs identified by less than their whole version (an element's item of a list). */
  inputIdentities?: Record<string, string>;
}
