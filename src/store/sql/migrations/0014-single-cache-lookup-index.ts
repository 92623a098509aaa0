import type { Kysely } from 'kysely';

/**
 * Since 0013 the cache lookup reads step_runs_by_cache_key_created; the first index on the cache
 * key (cache_key, status) serves no query. Every step run still added an entry to it, on a
 * page of its own (cache keys are hashes), which each commit wrote: one page less per step.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('step_runs_by_cache_key').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('step_runs_by_cache_key').on('step_runs').columns(['cache_key', 'status']).execute();
}
