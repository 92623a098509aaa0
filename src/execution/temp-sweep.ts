import { stat } from 'node:fs/promises';
import type { ArtifactStore } from '../core/artifact-store.js';
import { TEMP_DIR, hostTag } from '../artifacts/write.js';
import { isProcessAlive, processStartTime } from './process-liveness.js';

/**
 * Removes temp folders (`.tmp/<host>.<pid>.<id>`) left by writers that died mid-write. Only
 * folders of this host are judged, and only when it is safe: the writer's pid is gone, or
 * it belongs to a process that started after the folder was last touched (pid reuse).
 * Returns the names removed.
 */
export async function sweepTempFolders(store: ArtifactStore): Promise<string[]> {
  const host = hostTag();
  const removed: string[] = [];
  for (const name of await store.list(TEMP_DIR)) {
    const match = /^(.+)\.(\d+)\.[^.]+$/.exec(name);
    if (!match || match[1] !== host) continue;
    const pid = Number(match[2]);
    if (pid === process.pid) continue;
    let stale = !isProcessAlive(pid);
    if (!stale && store.localPath) {
      const started = processStartTime(pid);
      const touched = await stat(store.localPath(`${TEMP_DIR}/${name}`)).then((info) => info.mtimeMs, () => undefined);
      stale = started !== undefined && touched !== undefined && started > touched + 2_000;
    }
    if (!stale) continue;
    await store.remove(`${TEMP_DIR}/${name}`).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
