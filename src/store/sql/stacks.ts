import { checkName } from '../../core/names.js';
import { AlreadyExistsError, NotFoundError } from '../../core/errors.js';
import type { Page, ListFilter, StackComponentModel, StackModel } from '../../core/entities.js';
import type { DbOrTx } from './database.js';
import { fromJson, newId, now, orUndefined, paged, toJson } from './rows.js';
import type { StackComponentsTable, StacksTable } from './schema.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { inProject, type SqlScope } from './scope.js';
import type { HydratedStack } from '../zen-store.js';

const FILTERS = { name: 'name', created: { column: 'created', date: true } } as const;
const SORTS = { name: 'name', created: 'created', updated: 'updated' };

const toComponent = (row: StackComponentsTable): StackComponentModel => ({
  id: row.id,
  name: row.name,
  type: row.type,
  flavor: row.flavor,
  config: fromJson(row.config, {}),
  owner: orUndefined(row.owner),
  created: row.created,
  updated: row.updated,
});

const isUniqueViolation = (error: unknown) => /UNIQUE constraint|duplicate key/i.test(String((error as Error)?.message));

export async function createStackComponent(db: DbOrTx, component: Omit<StackComponentModel, 'id' | 'created' | 'updated'>): Promise<StackComponentModel> {
  checkName('Component name', component.name);
  const stamp = now();
  const row: StackComponentsTable = {
    id: newId(),
    name: component.name,
    type: component.type,
    flavor: component.flavor,
    config: toJson(component.config),
    owner: component.owner ?? null,
    created: stamp,
    updated: stamp,
  };
  try {
    await db.insertInto('stack_components').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A ${component.type} named '${component.name}' already exists.`, 'Pick another name.');
    throw error;
  }
  return toComponent(row);
}

export async function getStackComponent(db: DbOrTx, type: string, nameOrId: string): Promise<StackComponentModel> {
  const notFound = () => new NotFoundError(`No ${type} named '${nameOrId}'.`, `See \`zenml ${type.replace(/_/g, '-')} list\`.`);
  const id = await idOfNameIdOrPrefix(db, 'stack_components', nameOrId, { kind: type, notFound, scope: { type } });
  const row = await db.selectFrom('stack_components').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toComponent(row);
}

export async function getStackComponentById(db: DbOrTx, id: string): Promise<StackComponentModel> {
  const row = await db.selectFrom('stack_components').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`No stack component with id '${id}'.`);
  return toComponent(row);
}

export async function listStackComponents(db: DbOrTx, request: ListFilter & { type?: string } = {}): Promise<Page<StackComponentModel>> {
  let query = whereFilters(db.selectFrom('stack_components').selectAll(), { name: request.name, created: request.created }, FILTERS);
  if (request.type) query = query.where('type', '=', request.type);
  return paged(query, request, (q) => orderedBy(q, request.sortBy, { ...SORTS, type: 'type', flavor: 'flavor' }, 'id', (d) => d.orderBy('type').orderBy('name')), toComponent);
}

export async function updateStackComponent(db: DbOrTx, id: string, update: Partial<Pick<StackComponentModel, 'name' | 'config'>>): Promise<StackComponentModel> {
  const values: Partial<StackComponentsTable> = { updated: now() };
  if (update.name !== undefined) checkName('Component name', update.name);
  if (update.name !== undefined) values.name = update.name;
  if (update.config !== undefined) values.config = toJson(update.config);
  try {
    await db.updateTable('stack_components').set(values).where('id', '=', id).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A component named '${update.name}' of this type already exists.`, 'Pick another name.');
    throw error;
  }
  return getStackComponentById(db, id);
}

export async function deleteStackComponent(db: DbOrTx, id: string): Promise<void> {
  await db.deleteFrom('stack_components').where('id', '=', id).execute();
}

async function compositionOf(db: DbOrTx, stackIds: string[]): Promise<Map<string, Record<string, string>>> {
  const result = new Map<string, Record<string, string>>();
  if (stackIds.length === 0) return result;
  const rows = await db.selectFrom('stack_composition').selectAll().where('stack_id', 'in', stackIds).execute();
  for (const row of rows) result.set(row.stack_id, { ...(result.get(row.stack_id) ?? {}), [row.type]: row.component_id });
  return result;
}

const toStack = (row: StacksTable, components: Record<string, string> = {}): StackModel => ({
  id: row.id,
  name: row.name,
  owner: orUndefined(row.owner),
  created: row.created,
  updated: row.updated,
  components,
});

export async function createStack(db: DbOrTx, scope: SqlScope, stack: Omit<StackModel, 'id' | 'created' | 'updated'>): Promise<StackModel> {
  checkName('Stack name', stack.name);
  const stamp = now();
  const row: StacksTable = { id: newId(), name: stack.name, owner: stack.owner ?? scope.userId, project_id: scope.projectId, created: stamp, updated: stamp };
  try {
    await db.insertInto('stacks').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A stack named '${stack.name}' already exists.`, 'Pick another name.');
    throw error;
  }
  await setComposition(db, row.id, stack.components);
  return toStack(row, { ...stack.components });
}

async function setComposition(db: DbOrTx, stackId: string, components: Record<string, string>): Promise<void> {
  await db.deleteFrom('stack_composition').where('stack_id', '=', stackId).execute();
  const rows = Object.entries(components).map(([type, componentId]) => ({ stack_id: stackId, component_id: componentId, type }));
  if (rows.length > 0) await db.insertInto('stack_composition').values(rows).execute();
}

export async function getStack(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<StackModel> {
  const notFound = () => new NotFoundError(`No stack named '${nameOrId}'.`, 'See `zenml stack list`.');
  const id = await idOfNameIdOrPrefix(db, 'stacks', nameOrId, { kind: 'stack', notFound, scope: inProject(scope) });
  const row = await db.selectFrom('stacks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toStack(row, (await compositionOf(db, [row.id])).get(row.id));
}

/** The stack and its components, read in two queries after the stack's own. */
export async function getHydratedStack(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<HydratedStack> {
  const stack = await getStack(db, scope, nameOrId);
  const ids = Object.values(stack.components);
  const rows = ids.length ? await db.selectFrom('stack_components').selectAll().where('id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((row) => [row.id, toComponent(row)]));
  const components: Record<string, StackComponentModel> = {};
  for (const [type, id] of Object.entries(stack.components)) {
    const component = byId.get(id);
    if (!component) throw new NotFoundError(`No ${type} with id '${id}' (stack '${stack.name}').`, `See \`zenml ${type.replace(/_/g, '-')} list\`.`);
    components[type] = component;
  }
  return { stack, components };
}

export async function listStacks(db: DbOrTx, scope: SqlScope, request: ListFilter = {}): Promise<Page<StackModel>> {
  const query = whereFilters(db.selectFrom('stacks').selectAll().where('project_id', '=', scope.projectId), { name: request.name, created: request.created }, FILTERS);
  const page = await paged(query, request, (q) => orderedBy(q, request.sortBy, SORTS, 'id', (d) => d.orderBy('name')), (row) => toStack(row));
  const composition = await compositionOf(db, page.items.map((s) => s.id));
  for (const item of page.items) item.components = composition.get(item.id) ?? {};
  return page;
}

export async function updateStack(db: DbOrTx, scope: SqlScope, id: string, update: Partial<Pick<StackModel, 'name' | 'components'>>): Promise<StackModel> {
  if (update.name !== undefined) checkName('Stack name', update.name);
  await getStack(db, scope, id);
  const values: Partial<StacksTable> = { updated: now() };
  if (update.name !== undefined) values.name = update.name;
  try {
    await db.updateTable('stacks').set(values).where('id', '=', id).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A stack named '${update.name}' already exists.`, 'Pick another name.');
    throw error;
  }
  if (update.components) await setComposition(db, id, update.components);
  return getStack(db, scope, id);
}

export async function deleteStack(db: DbOrTx, scope: SqlScope, id: string): Promise<void> {
  await db.deleteFrom('stacks').where('id', '=', id).where('project_id', '=', scope.projectId).execute();
}

/** Stacks that use a component, for refusing to delete it. */
export async function stacksUsingComponent(db: DbOrTx, componentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('stack_composition')
    .innerJoin('stacks', 'stacks.id', 'stack_composition.stack_id')
    .select('stacks.name')
    .where('stack_composition.component_id', '=', componentId)
    .execute();
  return rows.map((r) => r.name);
}
