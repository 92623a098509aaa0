import { closeSync, fstatSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ArtifactStore } from '../core/artifact-store.js';
import { processSingleton } from '../core/process-state.js';

/**
 * Commit markers of a local artifact store, kept in one append-only log per process
 * (`.committed/<host>.<pid>.log-<token>`) instead of one file per version: a line is one
 * write(2) to a file already open, where a marker file was a create, a write, a close and
 * later an unlink, each of them a change to the folder. Stores without a local path (S3)
 * keep marker files: they cannot append.
 *
 * Lines are JSON: `{"id","path","owner"}` when a version folder is committed, and
 * `{"settled":[ids]}` once versions are registered (or removed). Settled lines are only a
 * shortcut for the sweep, which checks in the store whether a version is registered anyway;
 * they are written with the next commit line, not on their own. Like the marker files, the
 * log is not fsynced: it must survive the process, not the machine.
 *
 * The token makes a log this process's own even when its pid is reused later. A log whose
 * entries are all settled is removed at the end of a run (releaseCommittedLog), and emptied
 * when it grows past MAX_SETTLED_LOG_BYTES in a long-lived process.
 */
export const LOG_PREFIX = 'log-';

const MAX_SETTLED_LOG_BYTES = 256 * 1024;

export interface CommittedEntry {
  id: string;
  path: string;
  /** URL of the ZenStore the version is registered in; a sweep from another store leaves it alone. */
  owner?: string;
}

interface OpenLog {
  fd: number;
  /** Absolute path of the log file. */
  file: string;
  bytes: number;
  /** Versions committed by this process and not yet settled. */
  unsettled: Set<string>;
  /** Settled since the last line written: recorded with the next one. */
  settled: string[];
  /** When the log was last seen still linked in its folder (Date.now()). */
  checkedAt: number;
}

/**
 * How long an open log is trusted to be still in its folder before it is checked again (an
 * fstat): the check guards against the store's folder being removed under a long-lived
 * process, and costs as much as a step's own write of its marker line when made per write.
 */
const LINK_CHECK_INTERVAL_MS = 1_000;

/** Open logs by the absolute path of their store's marker folder (stores of one root share one). */
const openLogs = processSingleton('committedLogs', () => new Map<string, OpenLog>());

/** Whether the store keeps its markers in a log (a local folder) rather than in files. */
export function usesCommittedLog(store: ArtifactStore): boolean {
  return typeof store.localPath === 'function';
}

/** Records that `entry.path` is committed but not yet registered (see the sweep in execution/temp-sweep.ts). */
export async function logCommitted(store: ArtifactStore, dir: string, entry: CommittedEntry, ownerTag: string): Promise<void> {
  const log = await openLog(store, dir, ownerTag);
  const settled = log.settled.length > 0 ? `${JSON.stringify({ settled: log.settled })}\n` : '';
  const text = `${settled}${JSON.stringify(entry)}\n`;
  writeSync(log.fd, text);
  log.bytes += Buffer.byteLength(text);
  log.settled = [];
  log.unsettled.add(entry.id);
}

/** The versions are registered or removed: their folders are no longer at risk of being orphans. */
export function settleLogged(store: ArtifactStore, dir: string, versionIds: Iterable<string>): void {
  const log = openLogs.get(store.localPath!(dir));
  if (!log) return;
  for (const id of versionIds) if (log.unsettled.delete(id)) log.settled.push(id);
  if (log.unsettled.size === 0 && log.bytes > MAX_SETTLED_LOG_BYTES) {
    // Nothing in it matters any more: start it over (appends go to the new end).
    ftruncateSync(log.fd, 0);
    log.bytes = 0;
    log.settled = [];
  }
}

/** At the end of a run: removes this process's log of the store when none of its versions is left unsettled. */
export function releaseCommittedLog(store: ArtifactStore, dir: string): void {
  if (!usesCommittedLog(store)) return;
  const key = store.localPath!(dir);
  const log = openLogs.get(key);
  if (!log || log.unsettled.size > 0) return;
  openLogs.delete(key);
  closeSync(log.fd);
  try {
    unlinkSync(log.file);
  } catch {
    // Already gone with its store.
  }
}

/** Parses a log: the entries committed and never settled in it. Damaged lines (a write cut short) are skipped. */
export function unsettledEntries(text: string): CommittedEntry[] {
  const entries = new Map<string, CommittedEntry>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const record = parsed as Partial<CommittedEntry> & { settled?: unknown };
    if (Array.isArray(record.settled)) for (const id of record.settled) entries.delete(String(id));
    else if (typeof record.id === 'string' && typeof record.path === 'string') entries.set(record.id, { id: record.id, path: record.path, ...(typeof record.owner === 'string' ? { owner: record.owner } : {}) });
  }
  return [...entries.values()];
}

/** Logs being created, so two writers of one process starting at once share one. */
const opening = new Map<string, Promise<OpenLog>>();

async function openLog(store: ArtifactStore, dir: string, ownerTag: string): Promise<OpenLog> {
  const key = store.localPath!(dir);
  const open = openLogs.get(key);
  // The store's folder was removed (and maybe made again) under the open log: start a new one.
  if (open && stillLinked(open)) return open;
  if (open) {
    openLogs.delete(key);
    closeSync(open.fd);
  }
  let created = opening.get(key);
  if (!created) {
    created = createLog(store, key, dir, ownerTag).finally(() => opening.delete(key));
    opening.set(key, created);
  }
  return created;
}

function stillLinked(log: OpenLog): boolean {
  const now = Date.now();
  if (now - log.checkedAt < LINK_CHECK_INTERVAL_MS) return true;
  if (fstatSync(log.fd).nlink === 0) return false;
  log.checkedAt = now;
  return true;
}

async function createLog(store: ArtifactStore, key: string, dir: string, ownerTag: string): Promise<OpenLog> {
  const name = `${dir}/${ownerTag}${LOG_PREFIX}${randomBytes(6).toString('hex')}`;
  // Created through the store, so the folder and the file get its modes; then kept open to append.
  await store.writeFile(name, '');
  const file = store.localPath!(name);
  const log: OpenLog = { fd: openSync(file, 'a'), file, bytes: 0, unsettled: new Set(), settled: [], checkedAt: Date.now() };
  openLogs.set(key, log);
  return log;
}
