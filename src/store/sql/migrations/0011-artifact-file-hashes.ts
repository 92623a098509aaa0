import type { Kysely } from 'kysely';

/**
 * The SHA-256 of each file of an artifact version, computed while it was written (JSON:
 * file name → hex digest), so a load notices content changed or damaged on disk. Null for
 * versions written before, which load unchecked as they always did.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artifact_versions').addColumn('file_hashes', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artifact_versions').dropColumn('file_hashes').execute();
}
