import { UsageError } from '../core/errors.js';

/**
 * Settings that have two environment names: ours and ZenML's (ZENML_CONFIG_DIR and
 * ZENML_CONFIG_PATH, ZENML_ACTIVE_STACK and ZENML_ACTIVE_STACK_ID), so a ZenML user's
 * environment works unchanged. Both set to different values is an error: picking one
 * silently would run against a store or stack the user did not mean.
 */
export function envSetting(env: NodeJS.ProcessEnv, names: readonly [string, string]): { value: string; name: string } | undefined {
  const [ours, theirs] = names;
  const a = env[ours] || undefined;
  const b = env[theirs] || undefined;
  if (a !== undefined && b !== undefined && a !== b) {
    throw new UsageError(`${ours}=${a} and ${theirs}=${b} disagree.`, `Set only one of them (they mean the same thing).`);
  }
  if (a !== undefined) return { value: a, name: ours };
  if (b !== undefined) return { value: b, name: theirs };
  return undefined;
}

export const CONFIG_DIR_VARIABLES = ['ZENML_CONFIG_DIR', 'ZENML_CONFIG_PATH'] as const;
export const ACTIVE_STACK_VARIABLES = ['ZENML_ACTIVE_STACK', 'ZENML_ACTIVE_STACK_ID'] as const;
export const ACTIVE_PROJECT_VARIABLES = ['ZENML_ACTIVE_PROJECT', 'ZENML_ACTIVE_PROJECT_ID'] as const;
