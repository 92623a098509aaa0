import type { MetadataValue } from '../../core/materializer.js';
import type { MetadataEntry, MetadataResourceType } from '../../core/entities.js';
import type { DbOrTx } from './database.js';
import { newId, now } from './rows.js';

/** The typed kind of a metadata value, as ZenML's MetadataTypeEnum names them. */
export function metadataType(value: MetadataValue): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value && typeof value === 'object' && !Array.isArray(value) && 'type' in value && 'value' in value) {
    if (value.type === 'uri') return 'uri';
    if (value.type === 'storage_size') return 'storage_size';
  }
  return 'json';
}

export async function addMetadata(
  db: DbOrTx,
  resourceType: MetadataResourceType,
  resourceId: string,
  values: Record<string, MetadataValue>,
): Promise<void> {
  const rows = Object.entries(values).map(([key, value]) => ({
    id: newId(),
    resource_type: resourceType,
    resource_id: resourceId,
    key,
    value: JSON.stringify(value),
    type: metadataType(value),
    created: now(),
  }));
  if (rows.length > 0) await db.insertInto('run_metadata').values(rows).execute();
}

/** The latest value of each key. */
export async function getMetadata(db: DbOrTx, resourceType: MetadataResourceType, resourceId: string): Promise<Record<string, MetadataEntry>> {
  const rows = await db
    .selectFrom('run_metadata')
    .selectAll()
    .where('resource_type', '=', resourceType)
    .where('resource_id', '=', resourceId)
    .orderBy('created')
    .execute();
  const result: Record<string, MetadataEntry> = {};
  for (const row of rows) result[row.key] = { key: row.key, value: JSON.parse(row.value), type: row.type, created: row.created };
  return result;
}
