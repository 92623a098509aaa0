import type { Kysely } from 'kysely';
import { sql } from '../../../vendor/kysely.js';

/**
 * A custom version name is unique per artifact; a numbered version has none (null), and
 * nulls never collide, so their entries in the unique index served no lookup or check. Only
 * named versions are indexed now: a step's numbered output no longer adds an entry (a write
 * to a page of its own per version, the artifact ids being random).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('artifact_versions_by_name').ifExists().execute();
  await db.schema.createIndex('artifact_versions_by_name').unique().on('artifact_versions').columns(['artifact_id', 'version_name']).where(sql.ref('version_name'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('artifact_versions_by_name').ifExists().execute();
  await db.schema.createIndex('artifact_versions_by_name').unique().on('artifact_versions').columns(['artifact_id', 'version_name']).execute();
}
