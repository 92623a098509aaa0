import type { MetadataValue } from '../../core/materializer.js';
import type { MetadataEntry, MetadataResourceType } from '../../core/entities.js';
import type { DbOrTx } from './database.js';
import { newId, now } from './rows.js';
import { multiRowInsert } from './multi-row-insert.js';

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

export async function addMetadata(db: DbOrTx, resourceType: MetadataResourceType, resourceId: string, values: Record<string, MetadataValue>): Promise<void> {
  const rows = metadataRows(resourceType, resourceId, values);
  if (rows.length === 0) return;
  if (rows.length > MAX_PRECOMPILED_ROWS) await db.insertInto('run_metadata').values(rows).execute();
  else await metadataInserts.insert(db, rows);
}

/** Whether addMetadataNow takes this many keys (one precompiled statement). */
export function metadataFitsNow(values: Record<string, MetadataValue>): boolean {
  return Object.keys(values).length <= MAX_PRECOMPILED_ROWS;
}

/** addMetadata at once, in a write transaction that owns its connection (see writeTransactionNow); at most MAX_PRECOMPILED_ROWS keys. */
export function addMetadataNow(db: DbOrTx, resourceType: MetadataResourceType, resourceId: string, values: Record<string, MetadataValue>): void {
  metadataInserts.insertNow(db, metadataRows(resourceType, resourceId, values));
}

type MetadataRow = { id: string; resource_type: string; resource_id: string; key: string; value: string; type: string; created: string };

function metadataRows(resourceType: MetadataResourceType, resourceId: string, values: Record<string, MetadataValue>): MetadataRow[] {
  return Object.entries(values).map(([key, value]) => ({
    id: newId(),
    resource_type: resourceType,
    resource_id: resourceId,
    key,
    value: JSON.stringify(value),
    type: metadataType(value),
    created: now(),
  }));
}

/** Row counts whose insert is compiled once: every artifact a step writes brings a few keys (a scalar's value and size). */
const MAX_PRECOMPILED_ROWS = 16;
const metadataInserts = multiRowInsert<MetadataRow>('run_metadata', ['id', 'resource_type', 'resource_id', 'key', 'value', 'type', 'created']);

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
