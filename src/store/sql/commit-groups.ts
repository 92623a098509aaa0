import { scopedValue } from '../../core/async-scope.js';
import { ZenError } from '../../core/errors.js';
import { processSingleton } from '../../core/process-state.js';

/**
 * Group commit for SQLite. Each commit of a write transaction costs far more than the few
 * rows a step writes (the WAL frames of every page touched, and now and then a checkpoint
 * with fsyncs). Writes made inside `groupedWrites` (an in-process pipeline run's step
 * launcher) share one open transaction instead: each is a savepoint in it, whole or not at
 * all as before, and the transaction commits
 *  - when the grouped code asks (flushGroup: before a step's own code runs, at the run's end),
 *  - at most MAX_GROUP_MS after it opened (checked after each write, and by a timer),
 *  - before anyone else in this process writes to the file (another async flow or another
 *    connection): their writes never wait on, nor join, a group they are not part of.
 * A process killed meanwhile loses the whole group and nothing else: the store holds a
 * consistent earlier state, the one it would hold had the process died MAX_GROUP_MS earlier.
 * Work that must only happen once the writes are durable (removing an artifact's
 * committed-but-unregistered marker) waits for the commit through afterGroupCommit.
 */
// A commit writes each page its group touched once, and a step's rows land on pages of their
// own in every index keyed by a random id or a hash: the longer the group, the more steps
// share those pages. A 100-step chain writes about a third less per step at 50 ms than at 20,
// and half as much again at 100 (2.3 -> 1.2 MB of WAL a run: one commit instead of two, and
// half as many checkpoints); a reader elsewhere sees progress at most 0.1 s late.
export const MAX_GROUP_MS = 100;

/** The raw connection calls a group needs (better-sqlite3's, synchronous). */
export interface GroupConnection {
  exec(statement: string): void;
  readonly inTransaction: boolean;
}

interface CommitGroup {
  readonly connection: GroupConnection;
  readonly file: string;
  /** Runs `work` in the file's in-process write turn, when no write transaction is in flight. */
  readonly turn: (work: () => Promise<void>) => Promise<void>;
  /** A transaction of this group is open (not yet committed). */
  open: boolean;
  openedAt: number;
  /** Savepoints in flight: the transaction may only commit at zero. */
  active: number;
  afterCommit: Array<() => unknown>;
  timer?: NodeJS.Timeout;
}

/** The groups of each database object, and of each file (two connections of a process to one file). */
const groups = new WeakMap<object, CommitGroup>();
const groupsByFile = processSingleton('sqliteCommitGroups', () => new Map<string, Set<CommitGroup>>());
/** The databases whose writes the current async flow groups. */
const membership = scopedValue<ReadonlySet<object>>('commitGroupMembership');

export function registerCommitGroup(db: object, connection: GroupConnection, file: string, turn: CommitGroup['turn']): void {
  const group: CommitGroup = { connection, file, turn, open: false, openedAt: 0, active: 0, afterCommit: [] };
  groups.set(db, group);
  let set = groupsByFile.get(file);
  if (!set) groupsByFile.set(file, (set = new Set()));
  set.add(group);
}

export function unregisterCommitGroup(db: object): void {
  const group = groups.get(db);
  if (!group) return;
  groupsByFile.get(group.file)?.delete(group);
  if (groupsByFile.get(group.file)?.size === 0) groupsByFile.delete(group.file);
}

/** Runs `work` with its writes to `db` grouped (see above). */
export function groupedWrites<T>(db: object, work: () => Promise<T>): Promise<T> {
  if (!groups.has(db)) return work();
  const current = membership.get();
  if (current?.has(db)) return work();
  return membership.run(new Set([...(current ?? []), db]), work);
}

/** Whether a write transaction on `db` from the current async flow joins its group. */
export function joinsGroup(db: object): boolean {
  return groups.has(db) && membership.get()?.has(db) === true;
}

/** Where a group write reports its progress (crash points, see database.ts). */
export interface GroupWritePoints {
  begun(): void;
  beforeCommit(): void;
  afterCommit(): void;
}

/**
 * Runs one write transaction of a group member, as a savepoint in the group's transaction
 * (opened first if need be). The caller holds the file's in-process write turn and the
 * connection, so no other transaction is in flight.
 */
export async function inGroup<T>(db: object, work: () => Promise<T>, points: GroupWritePoints): Promise<T> {
  const group = enterGroup(db);
  let result: T;
  try {
    points.begun();
    result = await work();
    points.beforeCommit();
  } catch (error) {
    throw failedInGroup(group, error);
  }
  leaveGroup(group, points);
  return result;
}

/**
 * inGroup for work that runs synchronously, start to end (see writeTransactionNow in
 * database.ts). `selfAtomic` work is whole or none by itself (see SelfAtomic) and takes no
 * savepoint.
 */
export function inGroupNow<T>(db: object, work: () => T, points: GroupWritePoints, selfAtomic = false): T {
  const group = enterGroup(db, !selfAtomic);
  let result: T;
  try {
    points.begun();
    result = work();
    points.beforeCommit();
  } catch (error) {
    throw failedInGroup(group, error, !selfAtomic);
  }
  leaveGroup(group, points, !selfAtomic);
  return result;
}

/**
 * Marks work whose writes are whole or none without a savepoint: a single statement (SQLite
 * undoes a failed statement's own changes), or statements where the work itself undoes the
 * earlier ones when a later one fails. It then writes without one: SQLite copies each page a
 * savepoint's writes touch first into the savepoint's journal, which took as long as a cached
 * step's two inserts themselves.
 */
export type SelfAtomic = { selfAtomic: true };

function enterGroup(db: object, savepoint = true): CommitGroup {
  const group = groups.get(db)!;
  if (!group.open) {
    group.connection.exec('begin immediate');
    group.open = true;
    group.openedAt = Date.now();
    group.timer = setTimeout(() => void flushGroup(db).catch(() => undefined), MAX_GROUP_MS);
    group.timer.unref?.();
  }
  if (savepoint) group.connection.exec('savepoint zen_write');
  group.active++;
  return group;
}

function leaveGroup(group: CommitGroup, points: GroupWritePoints, savepoint = true): void {
  if (savepoint) group.connection.exec('release zen_write');
  group.active--;
  points.afterCommit();
  if (Date.now() - group.openedAt >= MAX_GROUP_MS) commit(group);
}

/** Undoes a failed write's savepoint (self-atomic work undid its own writes); returns what to throw. */
function failedInGroup(group: CommitGroup, error: unknown, savepoint = true): unknown {
  group.active--;
  const { connection } = group;
  if (connection.inTransaction) {
    if (savepoint) {
      connection.exec('rollback to zen_write');
      connection.exec('release zen_write');
    }
    return error;
  }
  // SQLite rolled the whole transaction back (an I/O error, a full disk): the group's
  // earlier writes are gone with it, though their callers were told they succeeded.
  lose(group);
  return new ZenError(`The store lost the writes of the last ${Date.now() - group.openedAt} ms (${error instanceof Error ? error.message : String(error)}).`, {
    hint: 'Check the disk the store is on; the run may need to be run again.',
    cause: error,
  });
}

/** Commits `db`'s group now if it is open and idle; otherwise (a write in flight) once it is. */
export async function flushGroup(db: object): Promise<void> {
  const group = groups.get(db);
  if (!group?.open) return;
  if (group.active === 0) return commit(group);
  await group.turn(async () => (group.open && group.active === 0 ? commit(group) : undefined));
}

/**
 * Before a write to `file` that is not part of a group (another async flow, another
 * connection): commits the groups open on it, which are idle then (the writer holds the
 * file's turn). Only a group with a savepoint in flight stays, as a transaction would today.
 */
export function commitGroupsBeforeWrite(file: string, db: object): void {
  const set = groupsByFile.get(file);
  if (!set) return;
  const own = groups.get(db);
  for (const group of set) {
    if (!group.open || group.active > 0) continue;
    if (group === own && joinsGroup(db)) continue;
    commit(group);
  }
}

/** Runs `work` once `db`'s writes so far are committed: now when no group is open. */
export function afterGroupCommit(db: object, work: () => unknown): Promise<void> | undefined {
  const group = groups.get(db);
  if (!group?.open) return undefined;
  group.afterCommit.push(work);
  return Promise.resolve();
}

function commit(group: CommitGroup): void {
  clearTimeout(group.timer);
  group.timer = undefined;
  try {
    group.connection.exec('commit');
  } finally {
    group.open = group.connection.inTransaction;
  }
  const callbacks = group.afterCommit.splice(0);
  for (const callback of callbacks) void Promise.resolve().then(callback).catch(() => undefined);
}

function lose(group: CommitGroup): void {
  clearTimeout(group.timer);
  group.timer = undefined;
  group.open = false;
  // Their writes are gone: a marker kept for a sweep must stay.
  group.afterCommit.length = 0;
}
