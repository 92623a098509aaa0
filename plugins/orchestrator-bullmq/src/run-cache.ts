import type { KnownRun, RunModel, SnapshotSpec, ZenStore } from 'zenml/plugin';

/**
 * What the driver of a run publishes in Redis beside its first jobs: the run, its snapshot
 * and its artifact store, so that workers start its steps without asking the store for them.
 */
export interface PublishedRun {
  run: RunModel;
  snapshot: KnownRun['snapshot'];
  artifactStoreId: string;
  /** When the driver read the run and wrote its heartbeat (ms since the epoch, the driver's clock). */
  publishedAt: number;
}

/** A run as a worker keeps it while it runs its steps. */
export interface CachedRun {
  known: { run: RunModel; snapshot: KnownRun['snapshot']; artifactStoreId: string };
  /** When the run's status was last read (its stop request, whether it ended). */
  checkedAt: number;
  /** When the run's heartbeat was last written. */
  beatAt: number;
}

const MAX_RUNS = 256;

/**
 * The runs a worker ran steps of, most recent last: a run's snapshot and artifact store never
 * change, so each is read once per worker, from what the driver published or, when that is
 * gone (expired, or a driver of an older version), from the store.
 */
export class RunCache {
  private readonly runs = new Map<string, Promise<CachedRun>>();

  constructor(
    private readonly store: ZenStore,
    private readonly published: (runId: string) => Promise<PublishedRun | undefined>,
  ) {}

  get(runId: string, snapshotId: string): Promise<CachedRun> {
    let entry = this.runs.get(runId);
    if (entry) {
      // Most recent last, so the oldest goes first when the cache is full.
      this.runs.delete(runId);
      this.runs.set(runId, entry);
      return entry;
    }
    entry = this.load(runId, snapshotId);
    entry.catch(() => this.runs.delete(runId));
    if (this.runs.size >= MAX_RUNS) this.runs.delete(this.runs.keys().next().value!);
    this.runs.set(runId, entry);
    return entry;
  }

  private async load(runId: string, snapshotId: string): Promise<CachedRun> {
    const published = await this.published(runId);
    if (published && published.run.id === runId && published.snapshot.id === snapshotId) {
      const { run, snapshot, artifactStoreId, publishedAt } = published;
      return { known: { run, snapshot, artifactStoreId }, checkedAt: publishedAt, beatAt: publishedAt };
    }
    const run = await this.store.getRun(runId);
    const snapshot = await this.store.getSnapshot(snapshotId);
    if (!run.stackId) throw new Error(`Run '${run.name}' records no stack.`);
    const stack = await this.store.getStack(run.stackId);
    const known = { run, snapshot: { id: snapshot.id, spec: snapshot.spec as SnapshotSpec, sourceFile: snapshot.sourceFile, sourceExport: snapshot.sourceExport }, artifactStoreId: stack.components.artifact_store };
    return { known, checkedAt: Date.now(), beatAt: Date.parse(run.heartbeat ?? '') || 0 };
  }
}

/** Whether the run's status read at `checkedAt` still stands at `now` (a stop is seen within `maxAgeMs`, as in process). */
export function freshEnough(checkedAt: number, now: number, maxAgeMs: number): boolean {
  const age = now - checkedAt;
  // A negative age is a clock that disagrees with the driver's: read the run again.
  return age >= 0 && age < maxAgeMs;
}
