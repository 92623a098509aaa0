import { stat } from 'node:fs/promises';
import type { ArtifactStore } from '../core/artifact-store.js';
import { NotFoundError } from '../core/errors.js';
import type { ZenStore } from '../store/zen-store.js';
import { COMMITTED_DIR, TEMP_DIR, hostTag, type CommittedMarker } from '../artifacts/write.js';
import { LOG_PREFIX, unsettledEntries, type CommittedEntry } from '../artifacts/committed-log.js';
import { isProcessAlive, processStartTime } from './process-liveness.js';

/**
 * Removes temp folders (`.tmp/<host>.<pid>.<id>`) left by writers that died mid-write, and,
 * given the ZenStore, version folders a writer committed but died before registering
 * (found by their markers in `.committed/`: a process's log `<host>.<pid>.log-<token>` or a
 * file `<host>.<pid>.<id>` each, never by walking the store). Only
 * entries of this host are judged, and only when it is safe: the writer's pid is gone, or
 * it belongs to a process that started after the entry was last touched (pid reuse). A
 * committed folder is removed only when the version is registered in no project of the
 * store it was written for. Returns the names removed.
 */
export async function sweepTempFolders(store: ArtifactStore, zenStore?: ZenStore): Promise<string[]> {
  const removed: string[] = [];
  // Both folders are listed at once: every run starts with this sweep, and each listing of a
  // local store is a round trip to the thread pool.
  const [deadTemp, deadCommitted] = await Promise.all([deadWriterEntries(store, TEMP_DIR), zenStore ? deadWriterEntries(store, COMMITTED_DIR) : []]);
  for (const name of deadTemp) {
    await store.remove(`${TEMP_DIR}/${name}`).catch(() => undefined);
    removed.push(name);
  }
  if (!zenStore) return removed;
  for (const name of deadCommitted) {
    const markerPath = `${COMMITTED_DIR}/${name}`;
    const suffix = name.slice(name.lastIndexOf('.') + 1);
    // A process's marker log (local stores) holds many markers; a marker file, one.
    const entries = suffix.startsWith(LOG_PREFIX) ? await readLog(store, markerPath) : await readMarkerFile(store, markerPath, suffix);
    let settled = true;
    for (const entry of entries) {
      const outcome = await sweepCommitted(store, zenStore, entry);
      if (outcome === 'kept') settled = false;
      else if (outcome === 'removed') removed.push(entry.path);
    }
    if (settled) await store.remove(markerPath).catch(() => undefined);
  }
  return removed;
}

/**
 * One committed version of a dead writer: its folder goes when no project of the store it
 * was written for registers it. 'kept': the marker must stay for a later sweep (written for
 * another ZenStore, which alone knows; or the store could not say).
 */
async function sweepCommitted(store: ArtifactStore, zenStore: ZenStore, entry: CommittedEntry): Promise<'removed' | 'settled' | 'kept'> {
  if (entry.owner !== zenStore.url) return 'kept';
  if (!isVersionFolder(store, entry.path, entry.id)) return 'settled';
  const registered = await isRegistered(zenStore, entry.id);
  if (registered === undefined) return 'kept';
  if (registered) return 'settled';
  await store.remove(entry.path).catch(() => undefined);
  return 'removed';
}

/** Entries of `dir` named `<this host>.<pid>.<id>` whose writer is dead. */
async function deadWriterEntries(store: ArtifactStore, dir: string): Promise<string[]> {
  const host = hostTag();
  const dead: string[] = [];
  for (const name of await store.list(dir)) {
    const match = /^(.+)\.(\d+)\.[^.]+$/.exec(name);
    if (!match || match[1] !== host) continue;
    const pid = Number(match[2]);
    if (pid === process.pid) continue;
    let stale = !isProcessAlive(pid);
    if (!stale && store.localPath) {
      const started = processStartTime(pid);
      const touched = await stat(store.localPath(`${dir}/${name}`)).then((info) => info.mtimeMs, () => undefined);
      stale = started !== undefined && touched !== undefined && started > touched + 2_000;
    }
    if (stale) dead.push(name);
  }
  return dead;
}

/** Only ever a version's own folder, `<artifact>/<version id>` inside the store: a damaged marker must not point a removal elsewhere. */
function isVersionFolder(store: ArtifactStore, path: string, versionId: string): boolean {
  const parts = path.split('/');
  if (parts.length !== 2 || parts[1] !== versionId || !parts[0] || parts[0].startsWith('..')) return false;
  try {
    return store.pathOf(store.uri(path)) === path;
  } catch {
    return false;
  }
}

/** A marker file: its version id is the last part of its name. A damaged one marks nothing. */
async function readMarkerFile(store: ArtifactStore, path: string, versionId: string): Promise<CommittedEntry[]> {
  try {
    const marker = JSON.parse((await store.readFile(path)).toString('utf8')) as CommittedMarker;
    return typeof marker?.path === 'string' ? [{ id: versionId, path: marker.path, ...(typeof marker.owner === 'string' ? { owner: marker.owner } : {}) }] : [];
  } catch {
    return [];
  }
}

async function readLog(store: ArtifactStore, path: string): Promise<CommittedEntry[]> {
  try {
    return unsettledEntries((await store.readFile(path)).toString('utf8'));
  } catch {
    return [];
  }
}

/** Whether any project of the store holds the version; undefined when that cannot be told. */
async function isRegistered(zenStore: ZenStore, versionId: string): Promise<boolean | undefined> {
  try {
    const projects = (await zenStore.listProjects({ size: 1000 })).items;
    for (const project of projects) {
      const found = await zenStore
        .withScope({ project: project.id })
        .getArtifactVersion(versionId)
        .then(() => true, (error) => (error instanceof NotFoundError ? false : Promise.reject(error)));
      if (found) return true;
    }
    return projects.length < 1000 ? false : undefined;
  } catch {
    return undefined;
  }
}
