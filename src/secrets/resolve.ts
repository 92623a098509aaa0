import { UsageError, ZenError } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import type { SecretValues } from './backends.js';

/** Matches a whole-value secret reference `{{secret_name.key}}`. */
export const SECRET_REFERENCE = /^\{\{\s*([A-Za-z0-9_.-]+?)\.([A-Za-z0-9_-]+)\s*\}\}$/;
/** References anywhere in a string, e.g. `postgresql://app:{{db.password}}@host/db`. */
const EMBEDDED_REFERENCE = /\{\{\s*([A-Za-z0-9_.-]+?)\.([A-Za-z0-9_-]+)\s*\}\}/g;

export function isSecretReference(value: unknown): value is string {
  return typeof value === 'string' && SECRET_REFERENCE.test(value);
}

export interface SecretReference {
  /** Dotted path of the config value, e.g. `password` or `credentials.token`. */
  path: string;
  secret: string;
  key: string;
}

/** Every `{{secret.key}}` in a config, in nested objects and arrays and inside longer strings. */
export function findSecretReferences(config: unknown, path = ''): SecretReference[] {
  if (typeof config === 'string') return [...config.matchAll(EMBEDDED_REFERENCE)].map((match) => ({ path, secret: match[1], key: match[2] }));
  if (Array.isArray(config)) return config.flatMap((item, index) => findSecretReferences(item, path ? `${path}.${index}` : String(index)));
  if (config && typeof config === 'object') return Object.entries(config).flatMap(([key, value]) => findSecretReferences(value, path ? `${path}.${key}` : key));
  return [];
}

function substitute(config: unknown, values: Map<string, SecretValues>): unknown {
  if (typeof config === 'string') return config.replace(EMBEDDED_REFERENCE, (_, secret: string, key: string) => values.get(secret)![key]);
  if (Array.isArray(config)) return config.map((item) => substitute(item, values));
  if (config && typeof config === 'object') return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, substitute(value, values)]));
  return config;
}

/**
 * Replaces secret references in a component config with their values, at the moment the
 * component is used (never at registration, so stored configs only ever hold references).
 * An unknown secret or key is an error that names the config key, never a value.
 */
export async function resolveSecretReferences(context: ZenContext, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const references = findSecretReferences(config);
  if (references.length === 0) return config;
  const { secretsManager } = await import('./secrets-manager.js');
  const manager = secretsManager(context);
  const values = new Map<string, SecretValues>();
  for (const reference of references) {
    if (!values.has(reference.secret)) {
      const found = await manager.getValues(reference.secret).catch((error: Error) => {
        throw new ZenError(`Config key '${reference.path}' references secret '${reference.secret}': ${error.message}`, { cause: error });
      });
      values.set(reference.secret, found.values);
    }
    if (!(reference.key in values.get(reference.secret)!)) {
      throw new ZenError(`Config key '${reference.path}' references key '${reference.key}' of secret '${reference.secret}', which has no such key.`, {
        hint: `Add it with \`zenml secret update ${reference.secret} --${reference.key}=<value>\`.`,
      });
    }
  }
  return substitute(config, values) as Record<string, unknown>;
}

export type SecretValidationMode = 'strict' | 'exists' | 'none';
export const SECRET_VALIDATION_MODES: readonly SecretValidationMode[] = ['strict', 'exists', 'none'];

/**
 * Checks the secret references of a component config at registration (`--secret-validation`):
 * `strict` needs the secret and the key, `exists` only the secret, `none` checks nothing.
 * Reads metadata only (key names), never values. Returns the references found.
 */
export async function validateSecretReferences(context: ZenContext, config: Record<string, unknown>, mode: SecretValidationMode = 'strict'): Promise<SecretReference[]> {
  const references = findSecretReferences(config);
  if (mode === 'none' || references.length === 0) return references;
  const { secretsManager } = await import('./secrets-manager.js');
  const { NotFoundError } = await import('../core/errors.js');
  const manager = secretsManager(context);
  const keys = new Map<string, string[] | undefined>();
  const problems: string[] = [];
  for (const reference of references) {
    if (!keys.has(reference.secret)) {
      keys.set(
        reference.secret,
        await manager.get(reference.secret).then(
          (secret) => secret.keys,
          (error) => {
            if (error instanceof NotFoundError) return undefined;
            throw error;
          },
        ),
      );
    }
    const secretKeys = keys.get(reference.secret);
    if (!secretKeys) problems.push(`'${reference.path}' references secret '${reference.secret}', which does not exist`);
    else if (mode === 'strict' && !secretKeys.includes(reference.key)) problems.push(`'${reference.path}' references key '${reference.key}' of secret '${reference.secret}', which has no such key`);
  }
  if (problems.length > 0) {
    throw new UsageError(`Config ${[...new Set(problems)].join('; ')}.`, 'Create it with `zenml secret create` (or `zenml stack register-secrets <stack>`), or pass --secret-validation none.');
  }
  return references;
}
