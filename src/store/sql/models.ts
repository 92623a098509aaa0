import { AlreadyExistsError, NotFoundError, ZenError } from '../../core/errors.js';
import {
  EXCLUSIVE_STAGES,
  SELECTABLE_STAGES,
  type ModelArtifactType,
  type ModelFilter,
  type ModelModel,
  type ModelStage,
  type ModelUpdate,
  type ModelVersionArtifactFilter,
  type ModelVersionArtifactModel,
  type ModelVersionFilter,
  type ModelVersionModel,
  type ModelVersionUpdate,
  type NewModel,
  type NewModelVersion,
  type StageTransitionModel,
} from '../../core/model-entities.js';
import type { Page, PageRequest, RunModel } from '../../core/entities.js';
import { toVersion } from './artifacts.js';
import type { DbOrTx } from './database.js';
import { lockRows } from './dialect.js';
import { newId, now, orUndefined, paged } from './rows.js';
import { getRun } from './runs.js';
import type { ModelVersionsTable, ModelsTable } from './schema.js';
import { addTags, taggedWith, tagsOf, updateTags } from './tags.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { inProject, stampOf, type SqlScope } from './scope.js';
import { checkModelName, checkStage, checkVersionName } from '../../core/model-names.js';

type ModelRow = ModelsTable & { latest_version: number | null; version_count: number | null };
type VersionRow = ModelVersionsTable & { model_name: string };

const toModel = (row: ModelRow, tags: string[] = []): ModelModel => ({
  id: row.id,
  name: row.name,
  description: orUndefined(row.description),
  license: orUndefined(row.license),
  audience: orUndefined(row.audience),
  useCases: orUndefined(row.use_cases),
  limitations: orUndefined(row.limitations),
  tradeOffs: orUndefined(row.trade_offs),
  ethics: orUndefined(row.ethics),
  created: row.created,
  updated: row.updated,
  latestVersion: orUndefined(row.latest_version),
  versionCount: Number(row.version_count ?? 0),
  tags,
});

const toModelVersion = (row: VersionRow, tags: string[] = []): ModelVersionModel => ({
  id: row.id,
  modelId: row.model_id,
  modelName: row.model_name,
  number: row.number,
  name: row.name,
  description: orUndefined(row.description),
  stage: row.stage as ModelStage,
  stageChangedBy: orUndefined(row.stage_changed_by),
  stageChangedAt: orUndefined(row.stage_changed_at),
  producerRunId: orUndefined(row.producer_run_id),
  created: row.created,
  updated: row.updated,
  tags,
});

const modelsQuery = (db: DbOrTx) =>
  db
    .selectFrom('models')
    .selectAll('models')
    .select((eb) => [
      eb.selectFrom('model_versions').whereRef('model_versions.model_id', '=', 'models.id').select((e) => e.fn.max('number').as('v')).as('latest_version'),
      eb.selectFrom('model_versions').whereRef('model_versions.model_id', '=', 'models.id').select((e) => e.fn.countAll<number>().as('c')).as('version_count'),
    ]);

const versionsQuery = (db: DbOrTx) =>
  db.selectFrom('model_versions').innerJoin('models', 'models.id', 'model_versions.model_id').selectAll('model_versions').select('models.name as model_name');

const cardColumns = (card: ModelUpdate) => {
  const columns: Partial<ModelsTable> = {};
  if (card.description !== undefined) columns.description = card.description;
  if (card.license !== undefined) columns.license = card.license;
  if (card.audience !== undefined) columns.audience = card.audience;
  if (card.useCases !== undefined) columns.use_cases = card.useCases;
  if (card.limitations !== undefined) columns.limitations = card.limitations;
  if (card.tradeOffs !== undefined) columns.trade_offs = card.tradeOffs;
  if (card.ethics !== undefined) columns.ethics = card.ethics;
  return columns;
};

const listHint = (model: string) => `See \`zenml model version list --model ${model}\`.`;

export async function createModel(db: DbOrTx, scope: SqlScope, model: NewModel): Promise<ModelModel> {
  checkModelName(model.name);
  if (await db.selectFrom('models').select('id').where('project_id', '=', scope.projectId).where('name', '=', model.name).executeTakeFirst()) {
    throw new AlreadyExistsError(`A model named '${model.name}' already exists.`, 'Choose another name, or change it with `zenml model update`.');
  }
  const stamp = now();
  const id = newId();
  await db.insertInto('models').values({ id, name: model.name, ...emptyCard(), ...cardColumns(model), created: stamp, updated: stamp, ...stampOf(scope) }).execute();
  if (model.tags?.length) await addTags(db, 'model', id, model.tags);
  return getModel(db, scope, id);
}

const emptyCard = () => ({ description: null, license: null, audience: null, use_cases: null, limitations: null, trade_offs: null, ethics: null });

const modelNotFound = (nameOrId: string) => new NotFoundError(`No model named '${nameOrId}'.`, 'See `zenml model list` for the models that exist.');

/** Id and name only: lookups that do not need the version counts. By name, id or unique id prefix. */
async function modelRef(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<{ id: string; name: string }> {
  const id = await idOfNameIdOrPrefix(db, 'models', nameOrId, { kind: 'model', notFound: () => modelNotFound(nameOrId), scope: inProject(scope) });
  const row = await db.selectFrom('models').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!row) throw modelNotFound(nameOrId);
  return row;
}

export async function getModel(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<ModelModel> {
  const { id } = await modelRef(db, scope, nameOrId);
  const row = await modelsQuery(db).where('models.id', '=', id).executeTakeFirst();
  if (!row) throw modelNotFound(nameOrId);
  return toModel(row as ModelRow, (await tagsOf(db, 'model', [row.id])).get(row.id));
}

export async function listModels(db: DbOrTx, scope: SqlScope, filter: ModelFilter = {}): Promise<Page<ModelModel>> {
  let query = whereFilters(modelsQuery(db).where('models.project_id', '=', scope.projectId), { name: filter.name, created: filter.created }, { name: 'models.name', created: { column: 'models.created', date: true } });
  if (filter.tag) query = query.where('models.id', 'in', taggedWith(db, 'model', filter.tag));
  const sorts = { name: 'models.name', created: 'models.created', updated: 'models.updated' };
  const page = await paged(query, filter, (q) => orderedBy(q, filter.sortBy, sorts, 'models.id', (d) => d.orderBy('models.created', 'desc').orderBy('models.id')), (row) => toModel(row as ModelRow));
  const tags = await tagsOf(db, 'model', page.items.map((m) => m.id));
  for (const item of page.items) item.tags = tags.get(item.id) ?? [];
  return page;
}

export async function updateModel(db: DbOrTx, scope: SqlScope, nameOrId: string, update: ModelUpdate): Promise<ModelModel> {
  const model = await getModel(db, scope, nameOrId);
  const columns: Partial<ModelsTable> = cardColumns(update);
  if (update.name !== undefined && update.name !== model.name) {
    checkModelName(update.name);
    if (await db.selectFrom('models').select('id').where('project_id', '=', scope.projectId).where('name', '=', update.name).executeTakeFirst()) {
      throw new AlreadyExistsError(`A model named '${update.name}' already exists.`, 'Choose another name.');
    }
    columns.name = update.name;
  }
  await db.updateTable('models').set({ ...columns, updated: now() }).where('id', '=', model.id).execute();
  await updateTags(db, 'model', model.id, { add: update.addTags, remove: update.removeTags });
  return getModel(db, scope, model.id);
}

export async function deleteModel(db: DbOrTx, scope: SqlScope, nameOrId: string, options: { force?: boolean } = {}): Promise<void> {
  const model = await getModel(db, scope, nameOrId);
  const production = await db.selectFrom('model_versions').select('number').where('model_id', '=', model.id).where('stage', '=', 'production').executeTakeFirst();
  if (production && !options.force) {
    throw new ZenError(`Model '${model.name}' has version ${production.number} in production.`, { hint: 'Pass --force to delete it anyway.' });
  }
  const versionIds = db.selectFrom('model_versions').select('id').where('model_id', '=', model.id);
  await db.deleteFrom('tag_resources').where('resource_type', '=', 'model_version').where('resource_id', 'in', versionIds).execute();
  await db.deleteFrom('run_metadata').where('resource_type', '=', 'model_version').where('resource_id', 'in', versionIds).execute();
  await db.deleteFrom('tag_resources').where('resource_type', '=', 'model').where('resource_id', '=', model.id).execute();
  await db.deleteFrom('models').where('id', '=', model.id).execute();
}

async function insertVersion(db: DbOrTx, scope: SqlScope, modelId: string, version: NewModelVersion): Promise<string> {
  // Concurrent writers of this model's versions queue here, each then reading the last one's number.
  await lockRows(db, 'models', [modelId]);
  const last = await db.selectFrom('model_versions').select((eb) => eb.fn.max('number').as('n')).where('model_id', '=', modelId).executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  const name = version.name ?? String(number);
  checkVersionName(name, number);
  if (await db.selectFrom('model_versions').select('id').where('model_id', '=', modelId).where('name', '=', name).executeTakeFirst()) {
    throw new AlreadyExistsError(`The model already has a version named '${name}'.`, 'Choose another version name.');
  }
  const stamp = now();
  const id = newId();
  await db
    .insertInto('model_versions')
    .values({
      id,
      model_id: modelId,
      number,
      name,
      description: version.description ?? null,
      stage: 'none',
      stage_changed_by: null,
      stage_changed_at: null,
      producer_run_id: version.producerRunId ?? null,
      created: stamp,
      updated: stamp,
      ...stampOf(scope),
    })
    .execute();
  await db.updateTable('models').set({ updated: stamp }).where('id', '=', modelId).execute();
  if (version.tags?.length) await addTags(db, 'model_version', id, version.tags);
  return id;
}

/** A new version (next number) of an existing model. Run inside a write transaction. */
export async function createModelVersion(db: DbOrTx, scope: SqlScope, model: string, version: NewModelVersion = {}): Promise<ModelVersionModel> {
  const { id } = await modelRef(db, scope, model);
  return getModelVersionById(db, scope, await insertVersion(db, scope, id, version));
}

/**
 * The version a run creates under a model (creating the model too): every step of the run,
 * in any process, gets the same one. Run inside a write transaction.
 */
export async function getOrCreateRunModelVersion(db: DbOrTx, scope: SqlScope, model: NewModel, runId: string): Promise<ModelVersionModel> {
  checkModelName(model.name);
  const stamp = now();
  await db
    .insertInto('models')
    .values({ id: newId(), name: model.name, ...emptyCard(), ...cardColumns(model), created: stamp, updated: stamp, ...stampOf(scope) })
    .onConflict((oc) => oc.columns(['project_id', 'name']).doNothing())
    .execute();
  const { id: modelId } = await db.selectFrom('models').select('id').where('project_id', '=', scope.projectId).where('name', '=', model.name).executeTakeFirstOrThrow();
  if (model.tags?.length) await addTags(db, 'model', modelId, model.tags);
  // Steps of one run in other processes queue here: the first creates the version, the rest find it.
  await lockRows(db, 'models', [modelId]);
  const existing = await db.selectFrom('model_versions').select('id').where('model_id', '=', modelId).where('producer_run_id', '=', runId).executeTakeFirst();
  const id = existing?.id ?? (await insertVersion(db, scope, modelId, { producerRunId: runId }));
  await linkRun(db, id, runId);
  return getModelVersionById(db, scope, id);
}

export async function getModelVersionById(db: DbOrTx, scope: SqlScope, id: string): Promise<ModelVersionModel> {
  const row = await versionsQuery(db).where('model_versions.id', '=', id).where('model_versions.project_id', '=', scope.projectId).executeTakeFirst();
  if (!row) throw new NotFoundError(`No model version with id '${id}'.`);
  return toModelVersion(row, (await tagsOf(db, 'model_version', [row.id])).get(row.id));
}

/**
 * A version of a model by number, name, stage (`staging`, `production`, `archived`),
 * `latest`, or id; the newest when `version` is omitted.
 */
export async function getModelVersion(db: DbOrTx, scope: SqlScope, model: string, version?: string | number): Promise<ModelVersionModel> {
  const { id: modelId, name } = await modelRef(db, scope, model);
  const base = () => versionsQuery(db).where('model_versions.model_id', '=', modelId);
  let row: VersionRow | undefined;
  const text = version === undefined ? 'latest' : String(version).trim();
  if (text === 'latest') {
    row = await base().orderBy('model_versions.number', 'desc').limit(1).executeTakeFirst();
    if (!row) throw new NotFoundError(`Model '${name}' has no versions yet.`, 'Run a pipeline under this model to create one.');
  } else if (typeof version === 'number' || /^\d+$/.test(text)) {
    row = await base().where('model_versions.number', '=', Number(text)).executeTakeFirst();
  } else if ((SELECTABLE_STAGES as readonly string[]).includes(text)) {
    row = await base().where('model_versions.stage', '=', text).orderBy('model_versions.stage_changed_at', 'desc').limit(1).executeTakeFirst();
    if (!row) {
      throw new NotFoundError(`Model '${name}' has no version in stage '${text}'.`, `Promote one with \`zenml model version update ${name} <version> --stage ${text}\`.`);
    }
  } else {
    row = await base().where((eb) => eb.or([eb('model_versions.name', '=', text), eb('model_versions.id', '=', text)])).executeTakeFirst();
  }
  if (!row) throw new NotFoundError(`Model '${name}' has no version '${text}'.`, listHint(name));
  return toModelVersion(row, (await tagsOf(db, 'model_version', [row.id])).get(row.id));
}

export async function listModelVersions(db: DbOrTx, scope: SqlScope, filter: ModelVersionFilter = {}): Promise<Page<ModelVersionModel>> {
  // A model is looked up within the project, and its versions are in the model's project:
  // by model alone, the page's count reads the (model_id, number) index only. With the
  // project's predicate as well it read each version's row (10,000 versions: 2.4 ms more).
  const scoped = filter.model
    ? versionsQuery(db).where('model_versions.model_id', '=', (await modelRef(db, scope, filter.model)).id)
    : versionsQuery(db).where('model_versions.project_id', '=', scope.projectId);
  let query = whereFilters(scoped, { name: filter.name, created: filter.created }, { name: 'model_versions.name', created: { column: 'model_versions.created', date: true } });
  if (filter.stage) query = query.where('model_versions.stage', '=', checkStage(filter.stage));
  if (filter.tag) query = query.where('model_versions.id', 'in', taggedWith(db, 'model_version', filter.tag));
  const page = await paged(
    query,
    filter,
    (q) =>
      orderedBy(q, filter.sortBy, { name: 'model_versions.name', number: 'model_versions.number', created: 'model_versions.created', updated: 'model_versions.updated', stage: 'model_versions.stage' }, 'model_versions.id', (d) =>
        filter.model ? d.orderBy('model_versions.number', 'desc') : d.orderBy('model_versions.created', 'desc').orderBy('model_versions.id', 'desc'),
      ),
    (row) => toModelVersion(row),
  );
  const tags = await tagsOf(db, 'model_version', page.items.map((v) => v.id));
  for (const item of page.items) item.tags = tags.get(item.id) ?? [];
  return page;
}

/** Renames, describes, retags or moves a version between stages. Run inside a write transaction. */
export async function updateModelVersion(db: DbOrTx, scope: SqlScope, id: string, update: ModelVersionUpdate): Promise<ModelVersionModel> {
  const current = await getModelVersionById(db, scope, id);
  const stamp = now();
  const columns: Partial<ModelVersionsTable> = {};
  if (update.name !== undefined && update.name !== current.name) {
    checkVersionName(update.name, current.number);
    if (await db.selectFrom('model_versions').select('id').where('model_id', '=', current.modelId).where('name', '=', update.name).executeTakeFirst()) {
      throw new AlreadyExistsError(`Model '${current.modelName}' already has a version named '${update.name}'.`, 'Choose another version name.');
    }
    columns.name = update.name;
  }
  if (update.description !== undefined) columns.description = update.description;
  if (update.stage !== undefined && update.stage !== current.stage) {
    const stage = checkStage(update.stage);
    const actor = update.actor ?? 'unknown';
    if (EXCLUSIVE_STAGES.includes(stage)) {
      const holder = await db
        .selectFrom('model_versions')
        .select(['id', 'number'])
        .where('model_id', '=', current.modelId)
        .where('stage', '=', stage)
        .executeTakeFirst();
      if (holder && !update.force) {
        throw new ZenError(`Version ${holder.number} of model '${current.modelName}' is already in ${stage}.`, {
          hint: `Pass --force to move it to archived and promote version ${current.number}.`,
        });
      }
      if (holder) await setStage(db, holder.id, stage, 'archived', actor, stamp);
    }
    await setStage(db, id, current.stage, stage, actor, stamp);
  }
  if (Object.keys(columns).length > 0) await db.updateTable('model_versions').set({ ...columns, updated: stamp }).where('id', '=', id).execute();
  await updateTags(db, 'model_version', id, { add: update.addTags, remove: update.removeTags });
  return getModelVersionById(db, scope, id);
}

async function setStage(db: DbOrTx, id: string, from: string, to: ModelStage, actor: string, stamp: string): Promise<void> {
  await db.updateTable('model_versions').set({ stage: to, stage_changed_by: actor, stage_changed_at: stamp, updated: stamp }).where('id', '=', id).execute();
  await db.insertInto('model_stage_transitions').values({ id: newId(), model_version_id: id, from_stage: from, to_stage: to, actor, created: stamp }).execute();
}

export async function listStageTransitions(db: DbOrTx, id: string): Promise<StageTransitionModel[]> {
  const rows = await db.selectFrom('model_stage_transitions').selectAll().where('model_version_id', '=', id).orderBy('created').orderBy('id').execute();
  return rows.map((row) => ({ modelVersionId: row.model_version_id, from: row.from_stage as ModelStage, to: row.to_stage as ModelStage, by: row.actor, at: row.created }));
}

export async function deleteModelVersion(db: DbOrTx, scope: SqlScope, id: string, options: { force?: boolean } = {}): Promise<void> {
  const version = await getModelVersionById(db, scope, id);
  if (version.stage === 'production' && !options.force) {
    throw new ZenError(`Version ${version.number} of model '${version.modelName}' is in production.`, { hint: 'Promote another version first, or pass --force to delete it anyway.' });
  }
  await db.deleteFrom('tag_resources').where('resource_type', '=', 'model_version').where('resource_id', '=', id).execute();
  await db.deleteFrom('run_metadata').where('resource_type', '=', 'model_version').where('resource_id', '=', id).execute();
  await db.deleteFrom('model_versions').where('id', '=', id).execute();
}

/** Links an artifact version to a model version (again: updates its type). */
export async function linkArtifact(db: DbOrTx, scope: SqlScope, modelVersionId: string, artifactVersionId: string, type: ModelArtifactType): Promise<void> {
  if (!(await db.selectFrom('artifact_versions').select('id').where('id', '=', artifactVersionId).executeTakeFirst())) {
    throw new NotFoundError(`No artifact version with id '${artifactVersionId}'.`, 'See `zenml artifact version list`.');
  }
  await getModelVersionById(db, scope, modelVersionId);
  await db
    .insertInto('model_version_artifacts')
    .values({ model_version_id: modelVersionId, artifact_version_id: artifactVersionId, type, created: now() })
    .onConflict((oc) => oc.columns(['model_version_id', 'artifact_version_id']).doUpdateSet({ type }))
    .execute();
}

export async function linkRun(db: DbOrTx, modelVersionId: string, runId: string): Promise<void> {
  await db.insertInto('model_version_runs').values({ model_version_id: modelVersionId, run_id: runId, created: now() }).onConflict((oc) => oc.doNothing()).execute();
}

export async function listModelVersionArtifacts(db: DbOrTx, modelVersionId: string, filter: ModelVersionArtifactFilter = {}): Promise<Page<ModelVersionArtifactModel>> {
  let query = db
    .selectFrom('model_version_artifacts')
    .innerJoin('artifact_versions', 'artifact_versions.id', 'model_version_artifacts.artifact_version_id')
    .innerJoin('artifacts', 'artifacts.id', 'artifact_versions.artifact_id')
    .selectAll('artifact_versions')
    .select(['artifacts.name as name', 'model_version_artifacts.type as link_type', 'model_version_artifacts.created as linked'])
    .where('model_version_artifacts.model_version_id', '=', modelVersionId);
  if (filter.type) query = query.where('model_version_artifacts.type', '=', filter.type);
  const page = await paged(
    query,
    filter,
    (q) => q.orderBy('artifacts.name').orderBy('artifact_versions.position', 'desc'),
    (row): ModelVersionArtifactModel => ({ modelVersionId, type: row.link_type as ModelArtifactType, linked: row.linked, artifactVersion: toVersion(row) }),
  );
  const tags = await tagsOf(db, 'artifact_version', page.items.map((item) => item.artifactVersion.id));
  for (const item of page.items) item.artifactVersion.tags = tags.get(item.artifactVersion.id) ?? [];
  return page;
}

export async function listModelVersionRuns(db: DbOrTx, scope: SqlScope, modelVersionId: string, request: PageRequest = {}): Promise<Page<RunModel>> {
  const query = db
    .selectFrom('model_version_runs')
    .innerJoin('pipeline_runs', 'pipeline_runs.id', 'model_version_runs.run_id')
    .select(['pipeline_runs.id as id', 'pipeline_runs.created as created'])
    .where('model_version_runs.model_version_id', '=', modelVersionId);
  return paged(query, request, (q) => q.orderBy('pipeline_runs.created', 'desc').orderBy('pipeline_runs.id', 'desc'), (row) => getRun(db, scope, row.id));
}

/** Model versions a run worked under. */
export async function listRunModelVersions(db: DbOrTx, runId: string): Promise<ModelVersionModel[]> {
  const rows = await versionsQuery(db)
    .innerJoin('model_version_runs', 'model_version_runs.model_version_id', 'model_versions.id')
    .where('model_version_runs.run_id', '=', runId)
    .orderBy('models.name')
    .execute();
  const tags = await tagsOf(db, 'model_version', rows.map((r) => r.id));
  return rows.map((row) => toModelVersion(row, tags.get(row.id)));
}
