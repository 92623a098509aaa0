import type { SnapshotSpec } from '../../core/snapshot.js';
import type { ZenStore } from '../../store/zen-store.js';

/** The secrets a run's steps declared (`secrets: [...]`): all a workload token of that run may read. */
export async function declaredRunSecrets(store: ZenStore, runId: string): Promise<{ runId: string; secrets: string[] }> {
  const run = await store.getRun(runId);
  const snapshot = await store.getSnapshot(run.snapshotId);
  const steps = (snapshot.spec as Partial<SnapshotSpec>).steps ?? [];
  const secrets = new Set<string>();
  for (const step of steps) for (const name of step.config?.secrets ?? []) secrets.add(name);
  return { runId: run.id, secrets: [...secrets].sort() };
}
