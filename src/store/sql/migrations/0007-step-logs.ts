import type { Kysely } from 'kysely';

/**
 * Step logs: where a step run's captured stdout and stderr live in the artifact store (a
 * folder of chunks, written while the step runs). Null for step runs recorded before logs
 * existed, and for steps that never ran (failed before starting).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('step_runs').addColumn('logs_uri', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('step_runs').dropColumn('logs_uri').execute();
}
