import type { TaggableResourceType } from '../models.js';
import type { DbOrTx } from './database.js';
import { newId, now } from './rows.js';

export async function addTags(db: DbOrTx, resourceType: TaggableResourceType, resourceId: string, names: string[]): Promise<void> {
  for (const name of new Set(names)) {
    await db.insertInto('tags').values({ id: newId(), name, color: null, created: now() }).onConflict((oc) => oc.column('name').doNothing()).execute();
    const tag = await db.selectFrom('tags').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    await db
      .insertInto('tag_resources')
      .values({ tag_id: tag.id, resource_type: resourceType, resource_id: resourceId })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Tag names per resource id, for a batch of resources of one type. */
export async function tagsOf(db: DbOrTx, resourceType: TaggableResourceType, resourceIds: string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (resourceIds.length === 0) return result;
  const rows = await db
    .selectFrom('tag_resources')
    .innerJoin('tags', 'tags.id', 'tag_resources.tag_id')
    .select(['tag_resources.resource_id as resourceId', 'tags.name as name'])
    .where('tag_resources.resource_type', '=', resourceType)
    .where('tag_resources.resource_id', 'in', resourceIds)
    .orderBy('tags.name')
    .execute();
  for (const row of rows) result.set(row.resourceId, [...(result.get(row.resourceId) ?? []), row.name]);
  return result;
}
