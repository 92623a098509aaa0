import { DEFAULT_PROJECT_ID } from '../../core/identity-entities.js';

/**
 * The project and user a store view works as, resolved to ids. Creates stamp both; lists,
 * name lookups and gets by id see the project's rows only.
 */
export interface SqlScope {
  readonly projectId: string;
  readonly userId: string | null;
}

export const DEFAULT_SCOPE: SqlScope = { projectId: DEFAULT_PROJECT_ID, userId: null };

/** For idOfNameIdOrPrefix's `scope` option. */
export const inProject = (scope: SqlScope): Record<string, string> => ({ project_id: scope.projectId });

/** The columns a new row of a project table carries. */
export const stampOf = (scope: SqlScope) => ({ project_id: scope.projectId, user_id: scope.userId });
