import type { Kysely } from 'kysely';
import { sql } from '../../../vendor/kysely.js';
import { DEFAULT_PROJECT_ID } from '../../../core/identity-entities.js';
import { dropNameUniqueness } from './0006-identity-and-projects.js';

/**
 * Schedules belong to a project and record who created them, like pipelines and runs: an
 * existing schedule joins its pipeline's project, and names become unique per project.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('schedules').addColumn('project_id', 'text', (c) => c.notNull().defaultTo(DEFAULT_PROJECT_ID)).execute();
  await db.schema.alterTable('schedules').addColumn('user_id', 'text').execute();
  await sql`update schedules set project_id = (select pipelines.project_id from pipelines where pipelines.id = schedules.pipeline_id)`.execute(db);
  await dropNameUniqueness(db, 'schedules');
  await db.schema.createIndex('schedules_name_per_project').unique().on('schedules').columns(['project_id', 'name']).execute();
  await db.schema.createIndex('schedules_by_project_created').on('schedules').columns(['project_id', 'created', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migration 0010 (schedule projects) cannot be undone.');
}
