import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as secrets from './0002-secrets.js';
import * as models from './0003-models.js';
import * as durability from './0004-durability.js';
import * as versionNames from './0005-artifact-version-names.js';
import * as identity from './0006-identity-and-projects.js';
import * as stepLogs from './0007-step-logs.js';
import * as schedules from './0008-schedules.js';
import * as revokedTokens from './0009-revoked-tokens.js';
import * as scheduleProjects from './0010-schedule-projects.js';
import * as fileHashes from './0011-artifact-file-hashes.js';
import * as runTemplates from './0012-run-templates.js';
import * as cacheLookupIndex from './0013-cache-lookup-index.js';
import * as singleCacheLookupIndex from './0014-single-cache-lookup-index.js';
import * as completedCacheLookupIndex from './0015-completed-cache-lookup-index.js';
import * as namedVersionsIndex from './0016-named-versions-index.js';

/**
 * Every schema change, in order. Names are permanent: add a new file for a change,
 * never edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-secrets': secrets,
  '0003-models': models,
  '0004-durability': durability,
  '0005-artifact-version-names': versionNames,
  '0006-identity-and-projects': identity,
  '0007-step-logs': stepLogs,
  '0008-schedules': schedules,
  '0009-revoked-tokens': revokedTokens,
  '0010-schedule-projects': scheduleProjects,
  '0011-artifact-file-hashes': fileHashes,
  '0012-run-templates': runTemplates,
  '0013-cache-lookup-index': cacheLookupIndex,
  '0014-single-cache-lookup-index': singleCacheLookupIndex,
  '0015-completed-cache-lookup-index': completedCacheLookupIndex,
  '0016-named-versions-index': namedVersionsIndex,
};
