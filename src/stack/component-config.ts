import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { isSecretReference } from '../secrets/resolve.js';
import { createAjv, type Ajv } from './ajv.js';
import type { FlavorDescriptor } from './flavor.js';

/**
 * Annotation on a config property that names a folder or file on this machine (e.g. the
 * local artifact store's `path`): a relative value is resolved against the current folder
 * when the component is registered or updated and stored absolute, so it means the same
 * folder from wherever zenml later runs.
 */
export const LOCAL_PATH_ANNOTATION = 'x-zenml-local-path';

interface SchemaProperty {
  [LOCAL_PATH_ANNOTATION]?: boolean;
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
}

interface ObjectSchema {
  properties?: Record<string, SchemaProperty>;
  required?: string[];
  additionalProperties?: unknown;
}

let ajv: Ajv | undefined;

export function flavorLabel(flavor: Pick<FlavorDescriptor, 'name' | 'type'>): string {
  return `${flavor.type.replace(/_/g, ' ')} flavor '${flavor.name}'`;
}

/**
 * Checks a component config against its flavor's JSON Schema and returns it with CLI
 * strings coerced to the schema's types. `{{secret.key}}` values are accepted for any key
 * the schema knows: they are resolved only when the component is used.
 */
export async function validateComponentConfig(flavor: FlavorDescriptor, config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const schema = flavor.configSchema as ObjectSchema;
  const properties = schema.properties ?? {};
  const closed = schema.additionalProperties === false;
  const secrets = Object.keys(config).filter((key) => isSecretReference(config[key]));
  for (const key of Object.keys(config)) {
    if (closed && !(key in properties)) {
      const known = Object.keys(properties);
      throw new UsageError(`Unknown config key '${key}' for ${flavorLabel(flavor)}.`, known.length ? `Known keys: ${known.join(', ')}.` : 'This flavor takes no config.');
    }
  }
  const checked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) if (!secrets.includes(key)) checked[key] = parseStructured(value, properties[key]);

  ajv ??= await createAjv({ coerceTypes: true, allErrors: true });
  const validate = ajv.compile(flavor.configSchema);
  if (!validate(checked)) {
    for (const error of validate.errors ?? []) {
      const missing = (error.params as { missingProperty?: string }).missingProperty;
      if (error.keyword === 'required' && missing && secrets.includes(missing)) continue;
      if (error.keyword === 'required' && missing) {
        throw new UsageError(`Missing required config key '${missing}' for ${flavorLabel(flavor)}.`, `Pass --${missing}=<value>.`);
      }
      const key = error.instancePath.split('/')[1] ?? '';
      const shown = key ? JSON.stringify(config[key]) : '';
      throw new UsageError(`Config key '${key || '(config)'}' of ${flavorLabel(flavor)} ${error.message ?? 'is invalid'}${shown ? ` (got ${shown})` : ''}.`);
    }
  }
  for (const [key, property] of Object.entries(properties)) {
    const value = checked[key];
    if (property[LOCAL_PATH_ANNOTATION] === true && typeof value === 'string' && !isAbsolute(value)) checked[key] = resolve(value);
  }
  for (const key of secrets) checked[key] = config[key];
  return checked;
}

/** Arrays and objects given on the command line arrive as JSON text. */
function parseStructured(value: unknown, property: SchemaProperty | undefined): unknown {
  if (typeof value !== 'string' || !property?.type) return value;
  const types = Array.isArray(property.type) ? property.type : [property.type];
  if (!types.some((t) => t === 'array' || t === 'object')) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Rows describing a flavor's config keys, for `flavor describe` and prompts. */
export function configKeys(flavor: FlavorDescriptor): Array<{ key: string; type: string; default?: unknown; required: boolean; description?: string }> {
  const schema = flavor.configSchema as ObjectSchema;
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, property]) => ({
    key,
    type: property.enum ? `enum(${property.enum.join('|')})` : Array.isArray(property.type) ? property.type.join('|') : (property.type ?? 'any'),
    default: property.default,
    required: required.has(key),
    description: property.description,
  }));
}
