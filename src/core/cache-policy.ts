import { UsageError } from './errors.js';

/**
 * What enters a step's cache key, as ZenML's CachePolicy. Every flag defaults to true; a
 * step's own policy wins field by field over its pipeline's.
 */
export interface CachePolicy {
  /** The step function's text and the files its code depends on (see code-dependencies.ts). */
  includeStepCode?: boolean;
  /** The step's parameters (inputs that are values, not artifacts). */
  includeStepParameters?: boolean;
  /** Input artifacts by content hash, where the materializer recorded one. */
  includeArtifactValues?: boolean;
  /** Input artifacts by version id (when their content is not already included). */
  includeArtifactIds?: boolean;
  /** Input names (artifacts or parameters) left out of the key. */
  ignoredInputs?: string[];
  /** ZenML's `expires_after`: the same as the step's cacheExpiration. */
  expiresAfter?: CacheExpiration;
}

/** Seconds, or a duration such as '90s', '30m', '12h', '7d', '2w'. */
export type CacheExpiration = number | string;

/** The policy as a step runs with it: only what differs from the default is kept, so default snapshots stay as they were. */
export type ResolvedCachePolicy = Omit<CachePolicy, 'expiresAfter'>;

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** A cache expiration in seconds; a bad value is a UsageError naming where it was set. */
export function cacheExpirationSeconds(value: CacheExpiration, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  if (typeof value === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$/i.exec(value);
    if (match && Number(match[1]) > 0) return Number(match[1]) * UNIT_SECONDS[(match[2] || 's').toLowerCase()];
  }
  throw new UsageError(`${where}: cache expiration ${JSON.stringify(value)} is not a duration.`, "Give seconds (e.g. 3600) or a duration such as '30m', '12h', '7d'.");
}

/** Policies given highest priority first (step over pipeline), merged field by field; undefined when nothing differs from the default. */
export function mergeCachePolicies(...policies: Array<CachePolicy | undefined>): ResolvedCachePolicy | undefined {
  const merged: ResolvedCachePolicy = {};
  for (const policy of policies) {
    if (!policy) continue;
    for (const key of ['includeStepCode', 'includeStepParameters', 'includeArtifactValues', 'includeArtifactIds'] as const) {
      if (policy[key] !== undefined && merged[key] === undefined) merged[key] = policy[key];
    }
    if (policy.ignoredInputs !== undefined && merged.ignoredInputs === undefined) merged.ignoredInputs = [...policy.ignoredInputs];
  }
  for (const key of Object.keys(merged) as Array<keyof ResolvedCachePolicy>) if (merged[key] === true) delete merged[key];
  if (merged.ignoredInputs?.length === 0) delete merged.ignoredInputs;
  return Object.keys(merged).length > 0 ? merged : undefined;
}
