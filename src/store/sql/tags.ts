import { checkName } from '../../core/names.js';
import type { SelectQueryBuilder } from 'kysely';
import { AlreadyExistsError, NotFoundError, UsageError } from '../../core/errors.js';
import { TAG_COLORS, type TagFilter, type TagModel } from '../../core/model-entities.js';
import type { Page, TaggableResourceType } from '../../core/entities.js';
import type { DbOrTx } from './database.js';
import { newId, now, orUndefined, paged } from './rows.js';
import type { TagsTable } from './schema.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { precompiled } from './precompiled.js';

export async function addTags(db: DbOrTx, resourceType: TaggableResourceType, resourceId: string, names: string[]): Promise<void> {
  for (const name of new Set(names)) {
    checkTagName(name);
    await db.insertInto('tags').values({ id: newId(), name, color: null, created: now() }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const tag = await db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    await db
      .insertInto('tag_resources')
      .values({ tag_id: tag.id, resource_type: resourceType, resource_id: resourceId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Tag names of resources of one type, by name; the caller narrows it to the resources it wants. */
const tagNamesQuery = (db: DbOrTx, resourceType: string) =>
  db
    .selectFrom('tag_resources')
    .innerJoin('tags', 'tags.id', 'tag_resources.tag_id')
    .select(['tag_resources.resource_id as resourceId', 'tags.name as name'])
    .where('tag_resources.resource_type', '=', resourceType)
    .orderBy('tags.name');

/** One resource's tags are read for every version a step reuses or reads: that query is compiled once. */
const tagsOfOne = precompiled((db: DbOrTx, p: { resourceType: string; id: string }) => tagNamesQuery(db, p.resourceType).where('tag_resources.resource_id', '=', p.id));

/** Tag names per resource id, for a batch of resources of one type. */
export async function tagsOf(db: DbOrTx, resourceType: TaggableResourceType, resourceIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (resourceIds.length === 0) return result;
  const rows =
    resourceIds.length === 1
      ? await tagsOfOne(db, { resourceType, id: resourceIds[0] })
      : await tagNamesQuery(db, resourceType).where('tag_resources.resource_id', 'in', resourceIds).execute();
  for (const row of rows) result.set(row.resourceId, [...(result.get(row.resourceId) ?? []), row.name]);
  return result;
}

export async function removeTags(db: DbOrTx, resourceType: TaggableResourceType, resourceId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const ids = db.selectFrom('tags').select('id').where('name', 'in', [...new Set(names)]);
  await db.deleteFrom('tag_resources').where('resource_type', '=', resourceType).where('resource_id', '=', resourceId).where('tag_id', 'in', ids).execute();
}

/** Ids of resources of one type carrying a tag: `query.where('x.id', 'in', taggedWith(db, 'x', tag))`. */
export function taggedWith(db: DbOrTx, resourceType: TaggableResourceType, tag: string) {
  return db
    .selectFrom('tag_resources')
    .innerJoin('tags', 'tags.id', 'tag_resources.tag_id')
    .select('tag_resources.resource_id')
    .where('tags.name', '=', tag)
    .where('tag_resources.resource_type', '=', resourceType);
}

const tagsQuery = (db: DbOrTx) =>
  db
    .selectFrom('tags')
    .selectAll('tags')
    .select((eb) => eb.selectFrom('tag_resources').whereRef('tag_resources.tag_id', '=', 'tags.id').select((e) => e.fn.countAll<number>().as('c')).as('resource_count'));

const toTag = (row: TagsTable & { resource_count: number | null }): TagModel => ({
  id: row.id,
  name: row.name,
  color: orUndefined(row.color),
  created: row.created,
  resourceCount: Number(row.resource_count ?? 0),
});

export function checkTagName(name: string): void {
  checkName('Tag name', name, { kind: 'label' });
}

function checkColor(color: string | undefined): void {
  if (color !== undefined && !(TAG_COLORS as readonly string[]).includes(color)) {
    throw new UsageError(`Unknown tag color '${color}'.`, `Colors: ${TAG_COLORS.join(', ')}.`);
  }
}

export async function createTag(db: DbOrTx, tag: { name: string; color?: string }): Promise<TagModel> {
  checkTagName(tag.name);
  checkColor(tag.color);
  if (await db.selectFrom('tags').select('id').where('name', '=', tag.name).executeTakeFirst()) {
    throw new AlreadyExistsError(`A tag named '${tag.name}' already exists.`, 'Change it with `zenml tag update`.');
  }
  const id = newId();
  await db.insertInto('tags').values({ id, name: tag.name, color: tag.color ?? null, created: now() }).execute();
  return getTag(db, id);
}

export async function getTag(db: DbOrTx, nameOrId: string): Promise<TagModel> {
  const notFound = () => new NotFoundError(`No tag named '${nameOrId}'.`, 'See `zenml tag list`.');
  const id = await idOfNameIdOrPrefix(db, 'tags', nameOrId, { kind: 'tag', notFound });
  const row = await tagsQuery(db).where('tags.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toTag(row);
}

export async function listTags(db: DbOrTx, filter: TagFilter = {}): Promise<Page<TagModel>> {
  const query = whereFilters(tagsQuery(db), { name: filter.name, created: filter.created }, { name: 'tags.name', created: { column: 'tags.created', date: true } });
  return paged(query, filter, (q) => orderedBy(q, filter.sortBy, { name: 'tags.name', created: 'tags.created' }, 'tags.id', (d) => d.orderBy('tags.name')), toTag);
}

export async function updateTag(db: DbOrTx, nameOrId: string, update: { name?: string; color?: string }): Promise<TagModel> {
  const tag = await getTag(db, nameOrId);
  checkColor(update.color);
  const values: { name?: string; color?: string } = {};
  if (update.name !== undefined && update.name !== tag.name) {
    checkTagName(update.name);
    if (await db.selectFrom('tags').select('id').where('name', '=', update.name).executeTakeFirst()) {
      throw new AlreadyExistsError(`A tag named '${update.name}' already exists.`, 'Choose another name.');
    }
    values.name = update.name;
  }
  if (update.color !== undefined) values.color = update.color;
  if (Object.keys(values).length > 0) await db.updateTable('tags').set(values).where('id', '=', tag.id).execute();
  return getTag(db, tag.id);
}

/** Removes the tag from everything that carries it. */
export async function deleteTag(db: DbOrTx, nameOrId: string): Promise<void> {
  const tag = await getTag(db, nameOrId);
  await db.deleteFrom('tag_resources').where('tag_id', '=', tag.id).execute();
  await db.deleteFrom('tags').where('id', '=', tag.id).execute();
}

/** Rows a filtered select would return (for lists whose counters cannot apply a tag filter). */
export async function countRows(query: SelectQueryBuilder<any, any, any>): Promise<number> {
  const row = await query.clearSelect().clearOrderBy().clearLimit().clearOffset().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number((row as { n?: number } | undefined)?.n ?? 0);
}

export async function updateTags(db: DbOrTx, resourceType: TaggableResourceType, resourceId: string, change: { add?: string[]; remove?: string[] }): Promise<void> {
  const both = (change.add ?? []).filter((name) => (change.remove ?? []).includes(name));
  if (both.length > 0) throw new UsageError(`Tag '${both[0]}' is both added and removed.`, 'Pass it to only one of --tag and --remove-tag.');
  for (const name of change.add ?? []) checkTagName(name);
  if (change.add?.length) await addTags(db, resourceType, resourceId, change.add);
  if (change.remove?.length) await removeTags(db, resourceType, resourceId, change.remove);
}
