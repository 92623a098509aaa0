import { checkName } from '../../core/names.js';
import { NotFoundError } from '../../core/errors.js';
import type { Page, ListFilter, PipelineModel, SnapshotModel } from '../../core/entities.js';
import type { DbOrTx } from './database.js';
import { fromJson, newId, now, orUndefined, paged, toJson } from './rows.js';
import type { PipelinesTable, SnapshotsTable } from './schema.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { taggedWith, tagsOf } from './tags.js';
import { inProject, stampOf, type SqlScope } from './scope.js';

const FILTERS = { name: 'name', created: { column: 'created', date: true } } as const;
const SORTS = { name: 'name', created: 'created', updated: 'updated' };

const toPipeline = (row: PipelinesTable, tags: string[] = []): PipelineModel => ({
  id: row.id,
  name: row.name,
  description: orUndefined(row.description),
  created: row.created,
  updated: row.updated,
  tags,
});

export async function getOrCreatePipeline(db: DbOrTx, scope: SqlScope, name: string, description?: string): Promise<PipelineModel> {
  checkName('Pipeline name', name, { kind: 'label' });
  const stamp = now();
  await db
    .insertInto('pipelines')
    .values({ id: newId(), name, description: description ?? null, created: stamp, updated: stamp, ...stampOf(scope) })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .execute();
  return getPipeline(db, scope, name);
}

export async function getPipeline(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<PipelineModel> {
  const notFound = () => new NotFoundError(`No pipeline named or with id '${nameOrId}'.`, 'See `zenml pipeline list`.');
  const id = await idOfNameIdOrPrefix(db, 'pipelines', nameOrId, { kind: 'pipeline', notFound, scope: inProject(scope) });
  const row = await db.selectFrom('pipelines').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toPipeline(row, (await tagsOf(db, 'pipeline', [row.id])).get(row.id));
}

export async function listPipelines(db: DbOrTx, scope: SqlScope, request: ListFilter & { tag?: string } = {}): Promise<Page<PipelineModel>> {
  let query = whereFilters(db.selectFrom('pipelines').selectAll().where('project_id', '=', scope.projectId), { name: request.name, created: request.created }, FILTERS);
  if (request.tag) query = query.where('id', 'in', taggedWith(db, 'pipeline', request.tag));
  const page = await paged(query, request, (q) => orderedBy(q, request.sortBy, SORTS, 'id', (d) => d.orderBy('created', 'desc').orderBy('id', 'desc')), (row) => toPipeline(row));
  const tags = await tagsOf(db, 'pipeline', page.items.map((p) => p.id));
  for (const item of page.items) item.tags = tags.get(item.id) ?? [];
  return page;
}

export async function deletePipeline(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<void> {
  const pipeline = await getPipeline(db, scope, nameOrId);
  await db.deleteFrom('pipelines').where('id', '=', pipeline.id).execute();
}

const snapshotOf = (row: SnapshotsTable, spec: SnapshotModel['spec']): SnapshotModel => ({
  id: row.id,
  pipelineId: row.pipeline_id,
  spec,
  sourceFile: orUndefined(row.source_file),
  sourceExport: orUndefined(row.source_export),
  created: row.created,
});
const toSnapshot = (row: SnapshotsTable): SnapshotModel => snapshotOf(row, fromJson(row.spec, {}));

export async function createSnapshot(db: DbOrTx, snapshot: Omit<SnapshotModel, 'id' | 'created'>): Promise<SnapshotModel> {
  const row: SnapshotsTable = {
    id: newId(),
    pipeline_id: snapshot.pipelineId,
    spec: toJson(snapshot.spec),
    source_file: snapshot.sourceFile ?? null,
    source_export: snapshot.sourceExport ?? null,
    created: now(),
  };
  await db.insertInto('snapshots').values(row).execute();
  // The spec as given: parsing the row's JSON back (tens of KB for a pipeline of a hundred
  // steps, at every run's start) would only rebuild the same object.
  return snapshotOf(row, snapshot.spec);
}

export async function getSnapshot(db: DbOrTx, id: string): Promise<SnapshotModel> {
  const row = await db.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`No snapshot with id '${id}'.`);
  return toSnapshot(row);
}
