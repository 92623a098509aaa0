import type { Kysely } from 'kysely';
import { sql } from '../../../vendor/kysely.js';

/**
 * As ZenML does, only a step run that executed and completed is a cache entry: a cache hit
 * reuses the newest one with the key, and its originalStepRunId names that run (before, a
 * hit could reuse the newest *cached* copy, and point to the copy). So the lookup index
 * holds completed step runs only: a cache hit adds no entry to it (an entry was a write to a
 * page of its own per hit, cache keys being hashes), and re-runs no longer pile up entries a
 * lookup must step over.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('step_runs_completed_by_cache_key').on('step_runs').columns(['cache_key', 'created']).where(sql.ref('status'), '=', 'completed').execute();
  await db.schema.dropIndex('step_runs_by_cache_key_created').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('step_runs_by_cache_key_created').on('step_runs').columns(['cache_key', 'created']).execute();
  await db.schema.dropIndex('step_runs_completed_by_cache_key').ifExists().execute();
}
