import type { MetadataValue } from '../../core/materializer.js';
import type { MetadataEntry, MetadataResourceType } from '../../core/entities.js';
import type { DbOrTx } from './database.js';
import { newId, now } from './rows.js';
import { precompiled } from './precompiled.js';

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
  if (rows.length > 0) await insertMetadataRows(db, rows);
}

type MetadataRow = { id: string; resource_type: string; resource_id: string; key: string; value: string; type: string; created: string };

/** Row counts whose insert is compiled once: every artifact a step writes brings a few keys (a scalar's value and size). */
const MAX_PRECOMPILED_ROWS = 16;
const insertsByRowCount = new Map<number, (db: DbOrTx, parameters: Record<string, string>) => Promise<unknown[]>>();

/** One insert of all the rows; for up to MAX_PRECOMPILED_ROWS rows, a statement kysely compiled once for that count. */
async function insertMetadataRows(db: DbOrTx, rows: MetadataRow[]): Promise<void> {
  if (rows.length > MAX_PRECOMPILED_ROWS) {
    await db.insertInto('run_metadata').values(rows).execute();
    return;
  }
  let insert = insertsByRowCount.get(rows.length);
  if (!insert) {
    const count = rows.length;
    // Parameters are named column + row index (`key0`, `value1`...), so one object carries every row's values.
    insert = precompiled((db: DbOrTx, p: Record<string, string>) =>
      db.insertInto('run_metadata').values(
        Array.from({ length: count }, (_, i) => ({ id: p[`id${i}`], resource_type: p[`resource_type${i}`], resource_id: p[`resource_id${i}`], key: p[`key${i}`], value: p[`value${i}`], type: p[`type${i}`], created: p[`created${i}`] })),
      ),
    );
    insertsByRowCount.set(count, insert);
  }
  const parameters: Record<string, string> = {};
  rows.forEach((row, i) => {
    for (const [column, value] of Object.entries(row)) parameters[`${column}${i}`] = value;
  });
  await insert(db, parameters);
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
