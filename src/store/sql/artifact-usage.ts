import { NotFoundError } from '../../core/errors.js';
import type { ArtifactVersionModel } from '../../core/entities.js';
import type { ArtifactVersionUsage, PrunedArtifacts } from '../zen-store.js';
import type { DbOrTx } from './database.js';
import { toVersion, versionsQuery } from './artifacts.js';
import { tagsOf } from './tags.js';
import type { SqlScope } from './scope.js';

/**
 * Versions nothing needs any more: no step run produced or consumed them (runs deleted, or
 * saved / registered outside a run), no model version links them, and no tag is on them.
 */
const unusedVersions = (db: DbOrTx, scope: SqlScope) =>
  versionsQuery(db, scope)
    .where('artifact_versions.id', 'not in', db.selectFrom('step_run_artifacts').select('artifact_version_id'))
    .where('artifact_versions.id', 'not in', db.selectFrom('model_version_artifacts').select('artifact_version_id'))
    .where('artifact_versions.id', 'not in', db.selectFrom('tag_resources').select('resource_id').where('resource_type', '=', 'artifact_version'));

export async function listUnusedArtifactVersions(db: DbOrTx, scope: SqlScope): Promise<ArtifactVersionModel[]> {
  const rows = await unusedVersions(db, scope).orderBy('artifact_versions.created', 'asc').orderBy('artifact_versions.id', 'asc').execute();
  return rows.map((row) => toVersion(row));
}

export async function getArtifactVersionUsage(db: DbOrTx, scope: SqlScope, id: string): Promise<ArtifactVersionUsage> {
  const version = await versionsQuery(db, scope).where('artifact_versions.id', '=', id).select('artifact_versions.id').executeTakeFirst();
  if (!version) throw new NotFoundError(`No artifact version with id '${id}'.`);
  const runs = await db
    .selectFrom('step_run_artifacts')
    .innerJoin('step_runs', 'step_runs.id', 'step_run_artifacts.step_run_id')
    .select('step_runs.run_id as runId')
    .distinct()
    .where('step_run_artifacts.artifact_version_id', '=', id)
    .orderBy('step_runs.run_id')
    .execute();
  const models = await db.selectFrom('model_version_artifacts').select('model_version_id').where('artifact_version_id', '=', id).orderBy('model_version_id').execute();
  const tags = (await tagsOf(db, 'artifact_version', [id])).get(id) ?? [];
  return { runIds: runs.map((row) => row.runId), modelVersionIds: models.map((row) => row.model_version_id), tags };
}

/**
 * Deletes those of `ids` that are still unused when the transaction runs (a run may have
 * started using one since it was listed), their metadata, and the artifacts left without any version.
 */
export async function pruneArtifactVersions(tx: DbOrTx, scope: SqlScope, ids: string[]): Promise<PrunedArtifacts> {
  if (ids.length === 0) return { versionIds: [], artifactIds: [] };
  const doomed = await unusedVersions(tx, scope).where('artifact_versions.id', 'in', ids).execute();
  const versionIds = doomed.map((row) => row.id);
  if (versionIds.length === 0) return { versionIds, artifactIds: [] };
  await tx.deleteFrom('run_metadata').where('resource_type', '=', 'artifact_version').where('resource_id', 'in', versionIds).execute();
  await tx.deleteFrom('artifact_versions').where('id', 'in', versionIds).where('project_id', '=', scope.projectId).execute();
  const touched = [...new Set(doomed.map((row) => row.artifact_id))];
  const empty = await tx
    .selectFrom('artifacts')
    .select('id')
    .where('id', 'in', touched)
    .where('id', 'not in', tx.selectFrom('artifact_versions').select('artifact_id').where('artifact_id', 'in', touched))
    .execute();
  const artifactIds = empty.map((row) => row.id);
  if (artifactIds.length > 0) {
    await tx.deleteFrom('tag_resources').where('resource_type', '=', 'artifact').where('resource_id', 'in', artifactIds).execute();
    await tx.deleteFrom('artifacts').where('id', 'in', artifactIds).execute();
  }
  return { versionIds, artifactIds };
}
