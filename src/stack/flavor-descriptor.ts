import { errorMessage } from '../core/errors.js';
import { COMPONENT_TYPES } from './component-types.js';
import { createAjv, type Ajv } from './ajv.js';
import { checkedBefore, descriptorFingerprint, rememberChecked } from './checked-descriptors.js';

/** The serializable part of a flavor descriptor; `load` is checked by hand. */
const DESCRIPTOR_SCHEMA = {
  type: 'object',
  required: ['name', 'type', 'description', 'configSchema'],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_.-]*$' },
    type: { enum: [...COMPONENT_TYPES] },
    description: { type: 'string', minLength: 1 },
    configSchema: { type: 'object' },
    docsUrl: { type: 'string' },
  },
};

let ajv: Ajv | undefined;
let validate: ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };

/** Why a value returned by a plugin's hook is not a usable flavor descriptor, or undefined. */
export async function checkDescriptor(candidate: unknown): Promise<string | undefined> {
  const fingerprint = descriptorFingerprint(candidate);
  // Its data passed before: only its functions (which the fingerprint leaves out) are looked at.
  if (fingerprint && checkedBefore(fingerprint)) return checkFunctions(candidate as { load?: unknown; validateStack?: unknown }, describe(candidate));
  const problem = await checkFully(candidate);
  if (!problem && fingerprint) rememberChecked(fingerprint);
  return problem;
}

async function checkFully(candidate: unknown): Promise<string | undefined> {
  ajv ??= await createAjv({ allErrors: false });
  validate ??= ajv.compile(DESCRIPTOR_SCHEMA) as typeof validate;
  const label = describe(candidate);
  if (!validate(candidate)) {
    const error = validate.errors?.[0];
    const where = error?.instancePath ? error.instancePath.slice(1) : 'descriptor';
    return `it returned an invalid flavor descriptor${label}: ${where} ${error?.message ?? 'is invalid'}.`;
  }
  const descriptor = candidate as { load?: unknown; configSchema: object; validateStack?: unknown };
  const functions = checkFunctions(descriptor, label);
  if (functions) return functions;
  if (!ajv.validateSchema(descriptor.configSchema)) {
    return `its flavor descriptor${label} has an invalid configSchema: ${ajv.errorsText(ajv.errors).split('\n')[0]}.`;
  }
  // The meta-schema does not see a $ref to nowhere or a pattern that is no regular expression:
  // only compiling does, and otherwise the first `register` of the flavor would crash on it.
  try {
    ajv.compile(descriptor.configSchema);
  } catch (error) {
    return `its flavor descriptor${label} has a configSchema that cannot be compiled: ${errorMessage(error).split('\n')[0]}.`;
  } finally {
    // Not kept: two plugins (or a reload) may use the same $id, which one Ajv refuses to hold twice.
    ajv.removeSchema(descriptor.configSchema);
  }
  return undefined;
}

function checkFunctions(descriptor: { load?: unknown; validateStack?: unknown }, label: string): string | undefined {
  if (typeof descriptor.load !== 'function') return `its flavor descriptor${label} has no load() function.`;
  if (descriptor.validateStack !== undefined && typeof descriptor.validateStack !== 'function') return `its flavor descriptor${label} has a validateStack that is not a function.`;
  return undefined;
}

function describe(candidate: unknown): string {
  if (typeof candidate !== 'object' || candidate === null) return '';
  const { name, type } = candidate as { name?: unknown; type?: unknown };
  return typeof name === 'string' ? ` '${typeof type === 'string' ? `${type}/` : ''}${name}'` : '';
}
