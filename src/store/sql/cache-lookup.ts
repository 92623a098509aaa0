import { sql } from '../../vendor/kysely.js';
import type { ArtifactVersionModel, StepRunModel } from '../../core/entities.js';
import { toVersion } from './artifacts.js';
import type { DbOrTx } from './database.js';
import { objectFactory } from './direct-statements.js';
import { precompiled } from './precompiled.js';
import { orUndefined } from './rows.js';
import { ACTIVE_STATUSES, addLink, toStepRun, type StepRunLinks } from './runs.js';
import type { ArtifactVersionsTable, StepRunsTable } from './schema.js';
import type { SqlScope } from './scope.js';

/**
 * The newest step run with the key that executed and completed: as in ZenML, a cached step
 * run is not itself a cache entry, so a hit's originalStepRunId always names the run that
 * computed the outputs. The status and the LIMIT are written as literals: the status so the
 * statement reads the partial index of completed step runs (0015), the LIMIT because with
 * `limit ?` SQLite plans it less well (measured in a 100-step chain's transaction: the lookup
 * took two to three times as long).
 */
const newestWithCacheKey = (db: DbOrTx, cacheKey: string) =>
  db.selectFrom('step_runs').selectAll().where('cache_key', '=', cacheKey).where('status', '=', sql.lit('completed')).orderBy('created', 'desc').limit(sql.lit(1));

type LinkColumns = { link_name: string | null; link_direction: string | null; link_version: string | null };
type StepRunWithLink = StepRunsTable & LinkColumns;

/**
 * That step run, one row per link of it (one with null link columns when it has none): one
 * statement, not a second read for the links; compiled once.
 */
const latestWithCacheKey = precompiled((db: DbOrTx, p: { cacheKey: string }) =>
  db
    .selectFrom(newestWithCacheKey(db, p.cacheKey).as('candidate'))
    .leftJoin('step_run_artifacts as link', 'link.step_run_id', 'candidate.id')
    .selectAll('candidate')
    .select(['link.name as link_name', 'link.direction as link_direction', 'link.artifact_version_id as link_version']),
);

export async function findCachedStepRun(db: DbOrTx, cacheKey: string): Promise<StepRunModel | undefined> {
  const rows = (await latestWithCacheKey(db, { cacheKey })) as StepRunWithLink[];
  if (rows.length === 0) return undefined;
  return toStepRun(rows[0], linksOf(rows));
}

/** Every column of a version, each read under `version_<column>` beside the step run's own. */
const VERSION_COLUMNS = [
  'id',
  'artifact_id',
  'position',
  'number',
  'version_name',
  'uri',
  'artifact_store_id',
  'materializer',
  'data_type',
  'type',
  'content_hash',
  'file_hashes',
  'size',
  'producer_step_run_id',
  'producer_run_id',
  'visualizations',
  'created',
  'project_id',
  'user_id',
] as const satisfies ReadonlyArray<keyof ArtifactVersionsTable>;
// A column added to the table must be added above, or the build fails here.
const everyVersionColumn: Exclude<keyof ArtifactVersionsTable, (typeof VERSION_COLUMNS)[number]> extends never ? true : never = true;
void everyVersionColumn;

type PrefixedVersion = { [K in (typeof VERSION_COLUMNS)[number] as `version_${K}`]: ArtifactVersionsTable[K] | null };
/** A row of candidateRows: a link of the step run, its version's columns, and the step run's columns its caller chose (the id at least). */
type LinkAndVersionRow = LinkColumns & PrefixedVersion & { id: string; logs_uri: string | null; artifact_name: string | null; tag_name: string | null; run_status: string | null };
type CandidateRow = StepRunWithLink & LinkAndVersionRow;

/**
 * The cache lookup of every step with the cache on: the newest reusable step run with the
 * key, its links, each output's version in this project (with its artifact's name and its
 * tags, unordered), and the status of the run the new step run belongs to. One row per link
 * and tag. One statement where a cache hit used to take three: on SQLite each costs more in
 * the code around it than in the database. The step run's own columns are chosen by the caller.
 */
const candidateRows = (db: DbOrTx, p: { cacheKey: string; projectId: string; runId: string }) =>
  db
    .selectFrom(newestWithCacheKey(db, p.cacheKey).as('candidate'))
    .leftJoin('step_run_artifacts as link', 'link.step_run_id', 'candidate.id')
    .leftJoin('artifact_versions as version', (join) =>
      join.onRef('version.id', '=', 'link.artifact_version_id').on('link.direction', '=', 'output').on('version.project_id', '=', p.projectId),
    )
    .leftJoin('artifacts as artifact', 'artifact.id', 'version.artifact_id')
    .leftJoin('tag_resources', (join) => join.onRef('tag_resources.resource_id', '=', 'version.id').on('tag_resources.resource_type', '=', 'artifact_version'))
    .leftJoin('tags', 'tags.id', 'tag_resources.tag_id')
    .select(['link.name as link_name', 'link.direction as link_direction', 'link.artifact_version_id as link_version', 'artifact.name as artifact_name', 'tags.name as tag_name'])
    .select(VERSION_COLUMNS.map((column) => `version.${column} as version_${column}` as const))
    .select((eb) => eb.selectFrom('pipeline_runs').select('status').where('id', '=', p.runId).as('run_status'));

/** The lookup with the whole step run, compiled once. */
const candidateWithOutputs = precompiled((db: DbOrTx, p: { cacheKey: string; projectId: string; runId: string }) => candidateRows(db, p).selectAll('candidate'));

/**
 * The lookup with what a hit made at once takes of the step run (startStepRunNow), compiled
 * once: its id and its logs. Its other columns, its parameters and config as JSON among them,
 * were read and parsed for every cached step and never used.
 */
const reusableWithOutputs = precompiled((db: DbOrTx, p: { cacheKey: string; projectId: string; runId: string }) =>
  candidateRows(db, p).select(['candidate.id as id', 'candidate.logs_uri as logs_uri']),
);

export interface CacheCandidate<S = StepRunModel> {
  stepRun: S;
  /** Its output versions, in the order of its outputs; undefined when one is gone (or in another project). */
  outputs: ArtifactVersionModel[] | undefined;
  /** Whether the run `runId` may still take step completions (initializing, running or retrying). */
  runActive: boolean;
}

/** What a cache hit made at once needs of the step run it reuses. */
export type ReusableStepRun = Pick<StepRunModel, 'id' | 'logsUri' | 'outputs'>;

/** The step run a new step run of `runId` with this cache key may reuse, with its outputs (see candidateRows). */
export async function findCacheCandidate(db: DbOrTx, scope: SqlScope, cacheKey: string, runId: string): Promise<CacheCandidate | undefined> {
  const rows = (await candidateWithOutputs(db, { cacheKey, projectId: scope.projectId, runId })) as CandidateRow[];
  return candidateOf(rows, (links) => toStepRun(rows[0], links));
}

/** findCacheCandidate at once, in a write transaction that owns its connection (see writeTransactionNow), with what a hit needs of the step run. */
export function findCacheCandidateNow(db: DbOrTx, scope: SqlScope, cacheKey: string, runId: string): CacheCandidate<ReusableStepRun> | undefined {
  const rows = reusableWithOutputs.now(db, { cacheKey, projectId: scope.projectId, runId }) as LinkAndVersionRow[];
  return candidateOf(rows, (links) => ({ id: rows[0].id, logsUri: orUndefined(rows[0].logs_uri), outputs: links.outputs }));
}

function candidateOf<S>(rows: LinkAndVersionRow[], stepRunOf: (links: StepRunLinks) => S): CacheCandidate<S> | undefined {
  if (rows.length === 0) return undefined;
  const links = linksOf(rows);
  const versions = new Map<string, ArtifactVersionModel>();
  for (const row of rows) {
    if (row.link_direction !== 'output' || row.version_id === null) continue;
    const version = versions.get(row.link_name!) ?? versions.set(row.link_name!, toVersion(unprefixed(row), [])).get(row.link_name!)!;
    if (row.tag_name !== null) version.tags.push(row.tag_name);
  }
  // In the order a read of the version gives them (ORDER BY here would sort every lookup's rows in a temporary b-tree).
  for (const version of versions.values()) if (version.tags.length > 1) version.tags.sort(inByteOrder);
  const names = Object.keys(links.outputs);
  return {
    stepRun: stepRunOf(links),
    outputs: names.every((name) => versions.has(name)) ? names.map((name) => versions.get(name)!) : undefined,
    runActive: (ACTIVE_STATUSES as readonly (string | null)[]).includes(rows[0].run_status),
  };
}

/** UTF-8 byte order: how SQLite (BINARY) and PostgreSQL (our columns' "C" collation) order text. */
const inByteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

function linksOf(rows: LinkColumns[]): StepRunLinks {
  const links: StepRunLinks = { inputs: {}, outputs: {} };
  for (const row of rows) if (row.link_name !== null) addLink(links, row.link_direction!, row.link_name, row.link_version!);
  return links;
}

/**
 * A lookup row's version as a row of artifact_versions (with its artifact's name), for every
 * output of every cache hit: one object literal (objectFactory), where setting its twenty
 * properties one by one through computed names went through a megamorphic store each. Every
 * column is set: VERSION_COLUMNS names them all (checked above).
 */
const unprefixed = objectFactory<LinkAndVersionRow, ArtifactVersionsTable & { name: string }>([
  ['name', 'artifact_name'],
  ...VERSION_COLUMNS.map((column) => [column, `version_${column}`] as const),
]);
