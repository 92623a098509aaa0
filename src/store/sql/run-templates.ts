import { AlreadyExistsError, NotFoundError } from '../../core/errors.js';
import type { Page } from '../../core/entities.js';
import type { NewRunTemplate, RunTemplateFilter, RunTemplateModel } from '../../core/run-template-entities.js';
import type { DbOrTx } from './database.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { fromJson, newId, now, orUndefined, paged, toJson } from './rows.js';
import type { RunTemplatesTable } from './schema.js';
import { inProject, stampOf, type SqlScope } from './scope.js';

const FILTERS = { name: 'run_templates.name', created: { column: 'run_templates.created', date: true } } as const;
const SORTS = { name: 'run_templates.name', created: 'run_templates.created' };

const toRunTemplate = (row: RunTemplatesTable): RunTemplateModel => ({
  id: row.id,
  name: row.name,
  description: orUndefined(row.description),
  pipelineName: row.pipeline_name,
  spec: fromJson(row.spec, {}),
  sourceFile: row.source_file,
  sourceExport: orUndefined(row.source_export),
  runConfig: fromJson(row.run_config, {}),
  codeUri: row.code_uri,
  codeHash: row.code_hash,
  artifactStoreId: row.artifact_store_id,
  owner: orUndefined(row.user_id),
  created: row.created,
});

const templatesQuery = (db: DbOrTx, scope: SqlScope) => db.selectFrom('run_templates').selectAll().where('project_id', '=', scope.projectId);

export async function createRunTemplate(db: DbOrTx, scope: SqlScope, template: NewRunTemplate): Promise<RunTemplateModel> {
  const taken = await templatesQuery(db, scope).where('name', '=', template.name).executeTakeFirst();
  if (taken) throw new AlreadyExistsError(`A pipeline snapshot named '${template.name}' already exists.`, 'Choose another --name, or delete it first with `zenml pipeline snapshot delete`.');
  const id = newId();
  await db
    .insertInto('run_templates')
    .values({
      id,
      name: template.name,
      description: template.description ?? null,
      pipeline_name: template.pipelineName,
      spec: toJson(template.spec),
      source_file: template.sourceFile,
      source_export: template.sourceExport ?? null,
      run_config: toJson(template.runConfig),
      code_uri: template.codeUri,
      code_hash: template.codeHash,
      artifact_store_id: template.artifactStoreId,
      created: now(),
      ...stampOf(scope),
    })
    .execute();
  return getRunTemplate(db, scope, id);
}

/** A pipeline snapshot by name, id or unique id prefix. */
export async function getRunTemplate(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<RunTemplateModel> {
  const notFound = () => new NotFoundError(`No pipeline snapshot named or with id '${nameOrId}'.`, 'See `zenml pipeline snapshot list`.');
  const id = await idOfNameIdOrPrefix(db, 'run_templates', nameOrId, { kind: 'pipeline snapshot', notFound, scope: inProject(scope) });
  const row = await templatesQuery(db, scope).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toRunTemplate(row);
}

/** Newest first, unless sorted otherwise. */
export async function listRunTemplates(db: DbOrTx, scope: SqlScope, filter: RunTemplateFilter = {}): Promise<Page<RunTemplateModel>> {
  let query = whereFilters(templatesQuery(db, scope), { name: filter.name, created: filter.created }, FILTERS);
  if (filter.pipeline) query = query.where('pipeline_name', '=', filter.pipeline);
  return paged(query, filter, (q) => orderedBy(q, filter.sortBy, SORTS, 'run_templates.id', (d) => d.orderBy('run_templates.created', 'desc').orderBy('run_templates.id', 'desc')), toRunTemplate);
}

/** Deletes the record; the caller removes its code archive from the artifact store. */
export async function deleteRunTemplate(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<void> {
  const template = await getRunTemplate(db, scope, nameOrId);
  await db.deleteFrom('run_templates').where('id', '=', template.id).execute();
}
