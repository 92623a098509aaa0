import { checkName } from '../../core/names.js';
import { sql } from '../../vendor/kysely.js';
import { AlreadyExistsError, NotFoundError } from '../../core/errors.js';
import { checkCustomVersionName, parseVersionRef, type ArtifactVersionRef } from '../../core/artifact-version-name.js';
import { crashPoint } from '../../core/crash-points.js';
import type { ArtifactType } from '../../core/materializer.js';
import type { ArtifactModel, ArtifactVersionModel, NewArtifactVersion, Page, PageRequest, StepRunModel } from '../../core/entities.js';
import type { ArtifactVersionFilter, StepCompletion } from '../zen-store.js';
import { addMetadata, addMetadataNow, metadataFitsNow } from './metadata.js';
import type { DbOrTx } from './database.js';
import { decodeCursor, encodeCursor, fromJson, newId, now, orUndefined, pageOf, paged, toJson } from './rows.js';
import { ACTIVE_STATUSES, getStepRun, stepRunLinks, stepRunLinksNow, toStepRun } from './runs.js';
import { insertLinks, insertLinksNow, linksFitNow, takeCreatedInputs } from './step-run-inserts.js';
import type { ArtifactVersionsTable, StepRunArtifactsTable } from './schema.js';
import { addTags, countRows, taggedWith, tagsOf } from './tags.js';
import type { ListFilter } from '../../core/entities.js';
import { isPlainFilter } from '../../core/filters.js';
import { idOfNameIdOrPrefix, orderedBy, resolveByNameIdOrPrefix, whereFilters, withIdPrefix } from './filters.js';
import { inProject, stampOf, type SqlScope } from './scope.js';
import { precompiled } from './precompiled.js';

type VersionRow = ArtifactVersionsTable & { name: string };

export const toVersion = (row: VersionRow, tags: string[] = []): ArtifactVersionModel => ({
  id: row.id,
  artifactId: row.artifact_id,
  name: row.name,
  version: row.version_name ?? Number(row.number),
  uri: row.uri,
  artifactStoreId: row.artifact_store_id,
  materializer: row.materializer,
  dataType: row.data_type,
  type: row.type as ArtifactType,
  contentHash: orUndefined(row.content_hash),
  ...(row.file_hashes ? { fileHashes: fromJson<Record<string, string>>(row.file_hashes, {}) } : {}),
  size: orUndefined(row.size),
  producerStepRunId: orUndefined(row.producer_step_run_id),
  producerRunId: orUndefined(row.producer_run_id),
  visualizations: fromJson(row.visualizations, []),
  created: row.created,
  tags,
});

export const versionsQuery = (db: DbOrTx, scope: SqlScope) =>
  db
    .selectFrom('artifact_versions')
    .innerJoin('artifacts', 'artifacts.id', 'artifact_versions.artifact_id')
    .selectAll('artifact_versions')
    .select('artifacts.name as name')
    .where('artifact_versions.project_id', '=', scope.projectId);

const artifactsQuery = (db: DbOrTx, scope: SqlScope) =>
  db
    .selectFrom('artifacts')
    .selectAll('artifacts')
    .where('artifacts.project_id', '=', scope.projectId)
    .select((eb) => [
      eb.selectFrom('artifact_versions').whereRef('artifact_versions.artifact_id', '=', 'artifacts.id').orderBy('position', 'desc').limit(1).select('number').as('latest_number'),
      eb.selectFrom('artifact_versions').whereRef('artifact_versions.artifact_id', '=', 'artifacts.id').orderBy('position', 'desc').limit(1).select('version_name').as('latest_name'),
      eb.selectFrom('artifact_versions').whereRef('artifact_versions.artifact_id', '=', 'artifacts.id').select((e) => e.fn.countAll<number>().as('c')).as('version_count'),
    ]);

type ArtifactRow = { id: string; name: string; created: string; updated: string; latest_number: number | null; latest_name: string | null; version_count: number | null };

const toArtifact = (row: ArtifactRow, tags: string[] = []): ArtifactModel => ({
  id: row.id,
  name: row.name,
  created: row.created,
  updated: row.updated,
  latestVersion: row.latest_name ?? orUndefined(row.latest_number),
  versionCount: Number(row.version_count ?? 0),
  tags,
});

export async function getArtifact(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<ArtifactModel> {
  const notFound = () => new NotFoundError(`No artifact named '${nameOrId}'.`, 'See `zenml artifact list` for the names that exist.');
  const id = await idOfNameIdOrPrefix(db, 'artifacts', nameOrId, { kind: 'artifact', notFound, scope: inProject(scope) });
  const row = await artifactsQuery(db, scope).where('artifacts.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toArtifact(row as ArtifactRow, (await tagsOf(db, 'artifact', [row.id])).get(row.id));
}

export async function listArtifacts(db: DbOrTx, scope: SqlScope, request: ListFilter & { tag?: string } = {}): Promise<Page<ArtifactModel>> {
  let query = whereFilters(artifactsQuery(db, scope), { name: request.name, created: request.created }, { name: 'artifacts.name', created: { column: 'artifacts.created', date: true } });
  if (request.tag) query = query.where('artifacts.id', 'in', taggedWith(db, 'artifact', request.tag));
  const sorts = { name: 'artifacts.name', created: 'artifacts.created', updated: 'artifacts.updated' };
  const page = await paged(query, request, (q) => orderedBy(q, request.sortBy, sorts, 'artifacts.id', (d) => d.orderBy('artifacts.updated', 'desc').orderBy('artifacts.id')), (row) => toArtifact(row as ArtifactRow));
  const tags = await tagsOf(db, 'artifact', page.items.map((a) => a.id));
  for (const item of page.items) item.tags = tags.get(item.id) ?? [];
  return page;
}

/** A version by id, or by name and version (a number, or a custom version name; latest when omitted). */
export async function getArtifactVersion(db: DbOrTx, scope: SqlScope, nameOrId: string, version?: ArtifactVersionRef): Promise<ArtifactVersionModel> {
  let row: VersionRow | undefined;
  if (version === undefined) nameOrId = await versionIdOrArtifactName(db, scope, nameOrId);
  if (version === undefined) {
    row = await versionsQuery(db, scope).where('artifact_versions.id', '=', nameOrId).executeTakeFirst();
    row ??= await versionsQuery(db, scope).where('artifacts.name', '=', nameOrId).orderBy('artifact_versions.position', 'desc').limit(1).executeTakeFirst();
  } else {
    const ref = parseVersionRef(version);
    const byName = versionsQuery(db, scope).where('artifacts.name', '=', nameOrId);
    row = await (typeof ref === 'number' ? byName.where('artifact_versions.number', '=', ref) : byName.where('artifact_versions.version_name', '=', ref)).executeTakeFirst();
  }
  if (!row) {
    const exists = await db.selectFrom('artifacts').select('id').where('project_id', '=', scope.projectId).where('name', '=', nameOrId).executeTakeFirst();
    if (exists && version !== undefined) {
      const shown = typeof parseVersionRef(version) === 'number' ? String(version) : `'${version}'`;
      throw new NotFoundError(`Artifact '${nameOrId}' has no version ${shown}.`, `See \`zenml artifact version list --name ${nameOrId}\`.`);
    }
    throw new NotFoundError(`No artifact named '${nameOrId}'.`, 'See `zenml artifact list` for the names that exist.');
  }
  return toVersion(row, (await tagsOf(db, 'artifact_version', [row.id])).get(row.id));
}

/**
 * One artifact's versions (newest first) or all versions (newest first). Pages walk the
 * (artifact_id, version) or (created, id) index, by keyset when `after` is given, and the
 * total comes from the per-artifact counters of migration 0004 instead of a count.
 */
export async function listArtifactVersions(db: DbOrTx, scope: SqlScope, filter: ArtifactVersionFilter = {}): Promise<Page<ArtifactVersionModel>> {
  if (needsFilteredList(filter)) return listArtifactVersionsFiltered(db, scope, filter);
  const { page, size, offset } = pageOf(filter);
  let query = versionsQuery(db, scope);
  // The counters are per artifact: the project's artifacts bound them.
  let counts = db
    .selectFrom('artifact_version_counts')
    .select((eb) => eb.fn.sum<number>('n').as('total'))
    .where('artifact_id', 'in', db.selectFrom('artifacts').select('id').where('project_id', '=', scope.projectId));
  const cursor = filter.after ? decodeCursor(filter.after) : undefined;
  if (filter.name) {
    const artifact = await db.selectFrom('artifacts').select('id').where('project_id', '=', scope.projectId).where('name', '=', filter.name).executeTakeFirst();
    if (!artifact) return { items: [], total: 0, page, size };
    query = query.where('artifact_versions.artifact_id', '=', artifact.id);
    counts = counts.where('artifact_id', '=', artifact.id);
    if (cursor) query = query.where('artifact_versions.position', '<', Number(cursor[1]));
    query = query.orderBy('artifact_versions.position', 'desc');
  } else {
    if (cursor) query = query.where(sql<boolean>`(artifact_versions.created, artifact_versions.id) < (${cursor[0]}, ${cursor[1]})`);
    query = query.orderBy('artifact_versions.created', 'desc').orderBy('artifact_versions.id', 'desc');
  }
  if (filter.tag) query = query.where('artifact_versions.id', 'in', taggedWith(db, 'artifact_version', filter.tag));
  const rows = await query.limit(size + 1).offset(cursor ? 0 : offset).execute();
  // The counters know nothing of tags: count a tag-filtered list itself.
  const total = filter.tag ? await countRows(taggedVersions(db, scope, filter.tag, filter.name)) : Number((await counts.executeTakeFirst())?.total ?? 0);
  const page_ = rows.slice(0, size);
  const items = page_.map((row) => toVersion(row));
  const tags = await tagsOf(db, 'artifact_version', items.map((v) => v.id));
  for (const item of items) item.tags = tags.get(item.id) ?? [];
  const last = items.at(-1);
  const lastRow = page_.at(-1);
  const next = rows.length > size && last && lastRow ? encodeCursor([last.created, filter.name ? String(lastRow.position) : last.id]) : undefined;
  return { items, total, page, size, ...(next ? { next } : {}) };
}

const taggedVersions = (db: DbOrTx, scope: SqlScope, tag: string, name?: string) => {
  const query = versionsQuery(db, scope).where('artifact_versions.id', 'in', taggedWith(db, 'artifact_version', tag));
  return name ? query.where('artifacts.name', '=', name) : query;
};

/** The artifact of a name (created on its first version), its `updated` moved on: its id back. */
const upsertArtifact = precompiled((db: DbOrTx, row: { id: string; name: string; created: string; updated: string; project_id: string; user_id: string | null }) =>
  db
    .insertInto('artifacts')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'name']).doUpdateSet({ updated: row.updated }))
    .returning('id'),
);

/** A version's position (and, without a custom name, its number): the next ones for its artifact, computed inside the insert. */
const nextOf = (column: 'position' | 'number', artifactId: string) => sql<number>`(select coalesce(max(${sql.ref(column)}), 0) + 1 from artifact_versions where artifact_id = ${artifactId})`;
const insertNumberedVersion = precompiled((db: DbOrTx, row: ArtifactVersionsTable) =>
  db
    .insertInto('artifact_versions')
    .values({ ...row, position: nextOf('position', row.artifact_id), number: nextOf('number', row.artifact_id) })
    .returning(['position', 'number']),
);
const insertNamedVersion = precompiled((db: DbOrTx, row: ArtifactVersionsTable) =>
  db
    .insertInto('artifact_versions')
    .values({ ...row, position: nextOf('position', row.artifact_id), number: null })
    .returning(['position', 'number']),
);

/**
 * Inserts a version with the next number for its name, or under its custom version name
 * (an AlreadyExistsError if the name is taken). Callers run this inside a write
 * transaction, which makes numbers unique and gap-free across processes.
 */
export async function insertArtifactVersion(
  db: DbOrTx,
  scope: SqlScope,
  version: NewArtifactVersion,
  producer: { stepRunId?: string; runId?: string } = {},
): Promise<ArtifactVersionModel> {
  checkName('Artifact name', version.name, { kind: 'label' });
  const custom = version.version === undefined ? undefined : checkCustomVersionName(version.version, version.name);
  const stamp = now();
  // The upsert hands back the artifact's id, and the version number is computed inside the
  // insert: two statements instead of four, still unique and gap-free under the write lock.
  const [artifact] = await upsertArtifact(db, artifactRow(scope, version, stamp));
  if (custom !== undefined) {
    const taken = await db.selectFrom('artifact_versions').select('id').where('artifact_id', '=', artifact.id).where('version_name', '=', custom).executeTakeFirst();
    if (taken) throw versionTaken(version.name, custom);
  }
  const row = versionRow(scope, version, artifact.id, custom, stamp, producer);
  let inserted;
  try {
    [inserted] = await (custom === undefined ? insertNumberedVersion : insertNamedVersion)(db, row);
  } catch (error) {
    if (custom !== undefined && /UNIQUE constraint|duplicate key/i.test(String((error as Error)?.message))) throw versionTaken(version.name, custom);
    throw error;
  }
  placeVersion(row, inserted);
  if (version.metadata) await addMetadata(db, 'artifact_version', row.id, version.metadata);
  if (version.tags?.length) await addTags(db, 'artifact_version', row.id, version.tags);
  // As tagsOf would read them back: distinct, by name.
  return toVersion({ ...row, name: version.name }, [...new Set(version.tags ?? [])].sort());
}

/** Whether insertArtifactVersionNow takes the version: a numbered one, untagged, with metadata that fits one statement. */
function insertsNow(version: NewArtifactVersion): boolean {
  return version.version === undefined && !version.tags?.length && (!version.metadata || metadataFitsNow(version.metadata));
}

/** insertArtifactVersion at once, in a write transaction that owns its connection (see writeTransactionNow), for a version insertsNow takes. */
function insertArtifactVersionNow(db: DbOrTx, scope: SqlScope, version: NewArtifactVersion, producer: { stepRunId: string; runId: string }): ArtifactVersionModel {
  checkName('Artifact name', version.name, { kind: 'label' });
  const stamp = now();
  const [artifact] = upsertArtifact.now(db, artifactRow(scope, version, stamp));
  const row = versionRow(scope, version, artifact.id, undefined, stamp, producer);
  placeVersion(row, insertNumberedVersion.now(db, row)[0]);
  if (version.metadata) addMetadataNow(db, 'artifact_version', row.id, version.metadata);
  return toVersion({ ...row, name: version.name }, []);
}

const artifactRow = (scope: SqlScope, version: NewArtifactVersion, stamp: string) => ({ id: newId(), name: version.name, created: stamp, updated: stamp, ...stampOf(scope) });

function versionRow(scope: SqlScope, version: NewArtifactVersion, artifactId: string, custom: string | undefined, stamp: string, producer: { stepRunId?: string; runId?: string }): ArtifactVersionsTable {
  return {
    id: version.id,
    artifact_id: artifactId,
    position: 0,
    number: null,
    version_name: custom ?? null,
    uri: version.uri,
    artifact_store_id: version.artifactStoreId,
    materializer: version.materializer,
    data_type: version.dataType,
    type: version.type,
    content_hash: version.contentHash ?? null,
    file_hashes: version.fileHashes ? toJson(version.fileHashes) : null,
    size: version.size ?? null,
    producer_step_run_id: producer.stepRunId ?? null,
    producer_run_id: producer.runId ?? null,
    visualizations: toJson(version.visualizations ?? []),
    created: stamp,
    ...stampOf(scope),
  };
}

/** The position (and number) the insert gave the version. */
function placeVersion(row: ArtifactVersionsTable, inserted: { position: number; number: number | null }): void {
  row.position = Number(inserted.position);
  row.number = inserted.number === null ? null : Number(inserted.number);
  crashPoint('store:version-inserted');
}

/** Marks a step run done (see completeStepRun); compiled once, as every step runs it. */
const markStepRunDone = precompiled((db: DbOrTx, p: { id: string; status: string; cached: number; original_step_run_id: string | null; ended: string }) =>
  db
    .updateTable('step_runs')
    .set({ status: p.status, cached: p.cached, original_step_run_id: p.original_step_run_id, ended: p.ended })
    .where('id', '=', p.id)
    // A step run is completed once: a second completion (a worker that was taken for dead
    // finishing after its retry did) is refused, so no output is registered twice.
    .where('status', 'not in', ['completed', 'cached'])
    // Nor does a step complete on a run that ended (failed when its driver died, stopped):
    // a step process that outlived its driver must not turn up done on a dead run. Its own
    // run is looked up by key: "run_id in (the active runs)" listed every active run first.
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('pipeline_runs').select(sql<number>`1`.as('one')).whereRef('pipeline_runs.id', '=', 'step_runs.run_id').where('pipeline_runs.status', 'in', ACTIVE_STATUSES)),
    )
    .returningAll(),
);

/**
 * Completes a step run; `registered` are its new versions, for the caller to announce after
 * commit. `knownInputs`: the step run's input links, when the caller created it in this same
 * transaction; its links are then known without reading them back.
 */
export async function completeStepRun(db: DbOrTx, scope: SqlScope, id: string, completion: StepCompletion, knownInputs?: Record<string, string>): Promise<{ stepRun: StepRunModel; registered: ArtifactVersionModel[] }> {
  // Marking the step first hands back its row (run id included); the transaction makes the
  // order invisible to anyone else.
  const [row] = await markStepRunDone(db, doneValues(id, completion));
  if (!row) throw await completionRefused(db, id);
  const created = new Map<NewArtifactVersion, ArtifactVersionModel>();
  for (const version of registrationOrder(completion)) created.set(version, await insertArtifactVersion(db, scope, version, { stepRunId: id, runId: row.run_id }));
  const outputs = outputLinks(id, completion, created);
  await insertLinks(db, outputs);
  if (completion.endRun) {
    // The run's last step: a run that ended meanwhile (stopped, reaped) keeps its status.
    await db
      .updateTable('pipeline_runs')
      .set({ status: 'completed', ended: row.ended })
      .where('id', '=', row.run_id)
      .where('status', 'in', ACTIVE_STATUSES)
      .execute();
  }
  const inputs = inputsOf(id, knownInputs);
  const links = inputs ? completedLinks(inputs, outputs) : (await stepRunLinks(db, [id])).get(id)!;
  return { stepRun: toStepRun(row, links), registered: completion.newVersions.map((version) => created.get(version)!) };
}

/**
 * completeStepRun at once, in a SQLite write transaction whose work runs synchronously (see
 * writeTransactionNow in database.ts): a step's completion in this process. Undefined,
 * having written nothing, where that takes more: a completion the store refuses
 * (completeStepRun says why), one that ends the run, an output with a custom version name
 * or tags or much metadata, more links than one precompiled statement takes.
 */
export function completeStepRunNow(db: DbOrTx, scope: SqlScope, id: string, completion: StepCompletion): { stepRun: StepRunModel; registered: ArtifactVersionModel[] } | undefined {
  const linkCount = completion.newVersions.length + Object.keys(completion.reusedOutputs ?? {}).length;
  if (completion.endRun || !completion.newVersions.every(insertsNow) || !linksFitNow(linkCount)) return undefined;
  const [row] = markStepRunDone.now(db, doneValues(id, completion));
  if (!row) return undefined;
  const created = new Map<NewArtifactVersion, ArtifactVersionModel>();
  for (const version of registrationOrder(completion)) created.set(version, insertArtifactVersionNow(db, scope, version, { stepRunId: id, runId: row.run_id }));
  const outputs = outputLinks(id, completion, created);
  insertLinksNow(db, outputs);
  const inputs = inputsOf(id);
  const links = inputs ? completedLinks(inputs, outputs) : stepRunLinksNow(db, id);
  return { stepRun: toStepRun(row, links), registered: completion.newVersions.map((version) => created.get(version)!) };
}

const doneValues = (id: string, completion: StepCompletion) => ({
  id,
  status: completion.status,
  cached: completion.status === 'cached' ? 1 : 0,
  original_step_run_id: completion.originalStepRunId ?? null,
  ended: now(),
});

/** Why markStepRunDone changed nothing. */
async function completionRefused(db: DbOrTx, id: string): Promise<Error> {
  const existing = await db.selectFrom('step_runs').select(['status', 'invocation_id', 'run_id']).where('id', '=', id).executeTakeFirst();
  if (!existing) return new NotFoundError(`No step run with id '${id}'.`);
  if (existing.status === 'completed' || existing.status === 'cached') {
    return new AlreadyExistsError(`Step run '${existing.invocation_id}' (${id}) is already ${existing.status}; it is not completed twice.`);
  }
  const run = await db.selectFrom('pipeline_runs').select(['name', 'status']).where('id', '=', existing.run_id).executeTakeFirst();
  return new AlreadyExistsError(`Step run '${existing.invocation_id}' (${id}) is not completed: its run '${run?.name}' already ended ${run?.status}.`);
}

/**
 * Registered in name order: each name's artifact row is locked until commit (on PostgreSQL),
 * and two steps taking the same names in one order wait on each other instead of deadlocking.
 */
const registrationOrder = (completion: StepCompletion) => [...completion.newVersions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function outputLinks(id: string, completion: StepCompletion, created: Map<NewArtifactVersion, ArtifactVersionModel>): StepRunArtifactsTable[] {
  const link = (name: string, versionId: string) => ({ step_run_id: id, artifact_version_id: versionId, name, direction: 'output' });
  return [
    ...completion.newVersions.map((version) => link(version.outputName, created.get(version)!.id)),
    ...Object.entries(completion.reusedOutputs ?? {}).map(([name, versionId]) => link(name, versionId)),
  ];
}

/** The step run's input links when known without a read: the caller's, else those its creation in this process remembered (taken either way). */
function inputsOf(id: string, known?: Record<string, string>): Record<string, string> | undefined {
  const remembered = takeCreatedInputs(id);
  return known ?? remembered;
}

const completedLinks = (inputs: Record<string, string>, outputs: StepRunArtifactsTable[]) => ({
  inputs: { ...inputs },
  outputs: Object.fromEntries(outputs.map((link) => [link.name, link.artifact_version_id])),
});

export async function deleteArtifactVersion(db: DbOrTx, scope: SqlScope, id: string): Promise<void> {
  const result = await db.deleteFrom('artifact_versions').where('id', '=', id).where('project_id', '=', scope.projectId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError(`No artifact version with id '${id}'.`);
}

export async function listConsumers(db: DbOrTx, artifactVersionId: string): Promise<StepRunModel[]> {
  const rows = await db
    .selectFrom('step_run_artifacts')
    .select('step_run_id')
    .where('artifact_version_id', '=', artifactVersionId)
    .where('direction', '=', 'input')
    .execute();
  return Promise.all(rows.map((row) => getStepRun(db, row.step_run_id)));
}

const versionTaken = (name: string, version: string) =>
  new AlreadyExistsError(`Artifact '${name}' already has a version '${version}'.`, 'Choose another version name, or omit it to get the next number.');

/**
 * A version id, a unique prefix of one (ZenML's name_id_or_prefix), or an artifact name: the
 * version id or the name. What matches nothing is handed back for the caller's own error.
 */
async function versionIdOrArtifactName(db: DbOrTx, scope: SqlScope, value: string): Promise<string> {
  try {
    return await resolveByNameIdOrPrefix(
      {
        exact: async (text) =>
          (await db.selectFrom('artifact_versions').select('id').where('id', '=', text).where('project_id', '=', scope.projectId).executeTakeFirst())?.id ??
          (await db.selectFrom('artifacts').select('name').where('project_id', '=', scope.projectId).where('name', '=', text).executeTakeFirst())?.name,
        idPrefix: async (prefix) =>
          (await withIdPrefix(versionsQuery(db, scope), 'artifact_versions.id', prefix).execute()).map((row) => ({ id: row.id, name: `${row.name} version ${toVersion(row).version}` })),
      },
      value,
      'artifact version',
      () => new NotFoundError(value),
    );
  } catch (error) {
    if (error instanceof NotFoundError) return value;
    throw error;
  }
}

/** Filters the fast path (one artifact by exact name, counters for the total, keyset pages) cannot serve. */
const needsFilteredList = (filter: ArtifactVersionFilter) => Boolean((filter.name && !isPlainFilter(filter.name)) || filter.created || filter.sortBy);

/** Versions selected by name or date expressions, or sorted otherwise: offset pages, counted for real. */
async function listArtifactVersionsFiltered(db: DbOrTx, scope: SqlScope, filter: ArtifactVersionFilter): Promise<Page<ArtifactVersionModel>> {
  let query = whereFilters(versionsQuery(db, scope), { name: filter.name, created: filter.created }, { name: 'artifacts.name', created: { column: 'artifact_versions.created', date: true } });
  if (filter.tag) query = query.where('artifact_versions.id', 'in', taggedWith(db, 'artifact_version', filter.tag));
  const sorts = { name: 'artifacts.name', created: 'artifact_versions.created', version: 'artifact_versions.position' };
  const page = await paged(query, filter, (q) => orderedBy(q, filter.sortBy, sorts, 'artifact_versions.id', (d) => d.orderBy('artifact_versions.created', 'desc').orderBy('artifact_versions.id', 'desc')), (row) => toVersion(row));
  const tags = await tagsOf(db, 'artifact_version', page.items.map((v) => v.id));
  for (const item of page.items) item.tags = tags.get(item.id) ?? [];
  return page;
}
