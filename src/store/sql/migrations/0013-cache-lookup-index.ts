import type { Kysely } from 'kysely';

/**
 * The cache lookup takes the newest finished step run with a key. Indexed by (cache_key, status)
 * alone, SQLite sorted every earlier run with that key on each lookup, a cost that grew with
 * every re-run; with `created` in the index it reads the newest rows first and stops at one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('step_runs_by_cache_key_created').on('step_runs').columns(['cache_key', 'created']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('step_runs_by_cache_key_created').ifExists().execute();
}
