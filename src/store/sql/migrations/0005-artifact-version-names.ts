import type { Kysely } from 'kysely';
import { sql } from '../../../vendor/kysely.js';

/**
 * Custom artifact version names, as in ZenML: a version is a number (1, 2, 3, gap-free per
 * artifact) or a name the user chose. The old `version` column becomes `position`, the
 * order versions were created in (both kinds); `number` is the counted version (null for a
 * named one) and `version_name` the chosen name (null for a numbered one).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artifact_versions').renameColumn('version', 'position').execute();
  await db.schema.alterTable('artifact_versions').addColumn('number', 'integer').execute();
  await db.schema.alterTable('artifact_versions').addColumn('version_name', 'text').execute();
  await sql`update artifact_versions set number = position`.execute(db);
  await db.schema.createIndex('artifact_versions_by_number').unique().on('artifact_versions').columns(['artifact_id', 'number']).execute();
  await db.schema.createIndex('artifact_versions_by_name').unique().on('artifact_versions').columns(['artifact_id', 'version_name']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('artifact_versions_by_name').ifExists().execute();
  await db.schema.dropIndex('artifact_versions_by_number').ifExists().execute();
  await db.schema.alterTable('artifact_versions').dropColumn('version_name').execute();
  await db.schema.alterTable('artifact_versions').dropColumn('number').execute();
  await db.schema.alterTable('artifact_versions').renameColumn('position', 'version').execute();
}
