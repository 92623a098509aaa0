import { AlreadyExistsError, NotFoundError, UsageError, ZenError } from '../../core/errors.js';
import type { ListFilter, Page } from '../../core/entities.js';
import { DEFAULT_PROJECT, DEFAULT_PROJECT_ID, type NewProject, type ProjectModel, type ProjectUpdate } from '../../core/identity-entities.js';
import type { DbOrTx } from './database.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { newId, now, orUndefined, paged } from './rows.js';
import type { ProjectsTable } from './schema.js';

const toProject = (row: ProjectsTable): ProjectModel => ({
  id: row.id,
  name: row.name,
  displayName: orUndefined(row.display_name),
  description: orUndefined(row.description),
  created: row.created,
  updated: row.updated,
});

/** What a project holds; a project with any of these cannot be deleted. */
const PROJECT_TABLES = ['pipelines', 'pipeline_runs', 'artifacts', 'models', 'secrets', 'stacks'] as const;

const DEFAULT_STACK_NAME = 'default';

const isUniqueViolation = (error: unknown) => /UNIQUE constraint|duplicate key/i.test(String((error as Error)?.message));

function checkName(name: string): void {
  // ZenML: project names are lower-case slugs (they appear in URLs).
  if (!/^[a-z0-9][a-z0-9_-]{0,49}$/.test(name)) {
    throw new UsageError(`'${name}' is not a valid project name.`, 'Use lower-case letters, digits, _ and - (up to 50 characters, starting with a letter or digit).');
  }
}

export async function createProject(db: DbOrTx, project: NewProject): Promise<ProjectModel> {
  checkName(project.name);
  const stamp = now();
  const row: ProjectsTable = { id: newId(), name: project.name, display_name: project.displayName ?? null, description: project.description ?? null, created: stamp, updated: stamp };
  try {
    await db.insertInto('projects').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A project named '${project.name}' already exists.`, 'Pick another name.');
    throw error;
  }
  return toProject(row);
}

export async function getProject(db: DbOrTx, nameOrId: string): Promise<ProjectModel> {
  const notFound = () => new NotFoundError(`No project named or with id '${nameOrId}'.`, 'See `zenml project list`, or create it with `zenml project create`.');
  const id = await idOfNameIdOrPrefix(db, 'projects', nameOrId, { kind: 'project', notFound });
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toProject(row);
}

export async function listProjects(db: DbOrTx, filter: ListFilter = {}): Promise<Page<ProjectModel>> {
  const query = whereFilters(db.selectFrom('projects').selectAll(), { name: filter.name, created: filter.created }, { name: 'name', created: { column: 'created', date: true } });
  return paged(query, filter, (q) => orderedBy(q, filter.sortBy, { name: 'name', created: 'created', updated: 'updated' }, 'id', (d) => d.orderBy('created').orderBy('id')), toProject);
}

export async function updateProject(db: DbOrTx, nameOrId: string, update: ProjectUpdate): Promise<ProjectModel> {
  const project = await getProject(db, nameOrId);
  const values: Partial<ProjectsTable> = { updated: now() };
  if (update.name !== undefined && update.name !== project.name) {
    if (project.id === DEFAULT_PROJECT_ID) throw new UsageError(`The '${DEFAULT_PROJECT}' project cannot be renamed.`);
    checkName(update.name);
    values.name = update.name;
  }
  if (update.displayName !== undefined) values.display_name = update.displayName;
  if (update.description !== undefined) values.description = update.description;
  try {
    await db.updateTable('projects').set(values).where('id', '=', project.id).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A project named '${update.name}' already exists.`, 'Pick another name.');
    throw error;
  }
  return getProject(db, project.id);
}

/** Refuses `default` and a project that still holds anything. Run inside a write transaction. */
export async function deleteProject(db: DbOrTx, nameOrId: string): Promise<void> {
  const project = await getProject(db, nameOrId);
  if (project.id === DEFAULT_PROJECT_ID) throw new UsageError(`The '${DEFAULT_PROJECT}' project cannot be deleted.`);
  const held: string[] = [];
  for (const table of PROJECT_TABLES) {
    let rows = db.selectFrom(table).select('id').where('project_id', '=', project.id);
    // The `default` stack every project gets when first used goes with the project.
    if (table === 'stacks') rows = rows.where('name', '<>', DEFAULT_STACK_NAME);
    if (await rows.limit(1).executeTakeFirst()) held.push(table.replace('pipeline_runs', 'runs'));
  }
  if (held.length > 0) {
    throw new ZenError(`Project '${project.name}' still holds ${held.join(', ')}.`, { hint: `Delete them first (with ZENML_ACTIVE_PROJECT_ID=${project.id} or \`zenml project set ${project.name}\`).` });
  }
  await db.deleteFrom('stacks').where('project_id', '=', project.id).execute();
  await db.deleteFrom('projects').where('id', '=', project.id).execute();
}
