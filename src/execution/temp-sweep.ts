import { stat } from 'node:fs/promises';
import type { ArtifactStore } from '../core/artifact-store.js';
import { NotFoundError } from '../core/errors.js';
import type { ZenStore } from '../store/zen-store.js';
import { COMMITTED_DIR, TEMP_DIR, hostTag, type CommittedMarker } from '../artifacts/write.js';
import { isProcessAlive, processStartTime } from './process-liveness.js';

/**
 * Removes temp folders (`.tmp/<host>.<pid>.<id>`) left by writers that died mid-write, and,
 * given the ZenStore, version folders a writer committed but died before registering
 * (found by their `.committed/<host>.<pid>.<id>` markers, never by walking the store). Only
 * entries of this host are judged, and only when it is safe: the writer's pid is gone, or
 * it belongs to a process that started after the entry was last touched (pid reuse). A
 * committed folder is removed only when the version is registered in no project of the
 * store it was written for. Returns the names removed.
 */
export async function sweepTempFolders(store: ArtifactStore, zenStore?: ZenStore): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await deadWriterEntries(store, TEMP_DIR)) {
    await store.remove(`${TEMP_DIR}/${name}`).catch(() => undefined);
    removed.push(name);
  }
  if (!zenStore) return removed;
  for (const name of await deadWriterEntries(store, COMMITTED_DIR)) {
    const markerPath = `${COMMITTED_DIR}/${name}`;
    const marker = await readMarker(store, markerPath);
    // Written for another ZenStore sharing this folder: only that store knows whether it is registered.
    if (marker && marker.owner !== zenStore.url) continue;
    const versionId = name.slice(name.lastIndexOf('.') + 1);
    if (marker && isVersionFolder(store, marker.path, versionId)) {
      const registered = await isRegistered(zenStore, versionId);
      // Unknown (the store could not say): keep the folder and its marker for a later sweep.
      if (registered === undefined) continue;
      if (!registered) {
        await store.remove(marker.path).catch(() => undefined);
        removed.push(marker.path);
      }
    }
    await store.remove(markerPath).catch(() => undefined);
  }
  return removed;
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

async function readMarker(store: ArtifactStore, path: string): Promise<CommittedMarker | undefined> {
  try {
    const marker = JSON.parse((await store.readFile(path)).toString('utf8')) as CommittedMarker;
    return typeof marker?.path === 'string' ? marker : undefined;
  } catch {
    return undefined;
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
