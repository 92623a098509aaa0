import type { ZenContext } from '../sdk/zen-context.js';

/** Matches a whole-value secret reference `{{secret_name.key}}`. */
export const SECRET_REFERENCE = /^\{\{\s*([A-Za-z0-9_.-]+?)\.([A-Za-z0-9_-]+)\s*\}\}$/;

export function isSecretReference(value: unknown): value is string {
  return typeof value === 'string' && SECRET_REFERENCE.test(value);
}

/**
 * Replaces secret references in a component config with their values, at the moment the
 * component is used. Until the secrets store exists, a reference cannot be resolved.
 */
export async function resolveSecretReferences(_context: ZenContext, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const references = Object.entries(config).filter(([, value]) => isSecretReference(value));
  if (references.length === 0) return config;
  const { ZenError } = await import('../errors.js');
  throw new ZenError(`The config key '${references[0][0]}' references a secret, but no secrets store is configured.`);
}
