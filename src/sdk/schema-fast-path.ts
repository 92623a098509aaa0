// Compiling the run-config schema with Ajv costs about 100 ms, paid by every run although
// nearly every config is valid. This checks the few JSON Schema keywords that schema uses,
// and answers only "certainly valid": anything it does not know, or any doubt, sends the
// caller to Ajv, which stays the one judge of what is invalid and how to say so.

type Schema = Record<string, unknown>;

const KNOWN = new Set(['$id', '$defs', '$ref', 'type', 'properties', 'additionalProperties', 'required', 'items', 'minimum', 'exclusiveMinimum', 'minLength']);

/** True only when `data` is valid against `schema` (a `$ref` `#/$defs/x` is looked up in `root`). False means "ask Ajv". */
export function certainlyValid(schema: unknown, data: unknown, root: Schema, depth = 0): boolean {
  if (depth > 64 || typeof schema !== 'object' || schema === null) return false;
  const s = schema as Schema;
  for (const keyword of Object.keys(s)) if (!KNOWN.has(keyword)) return false;
  if (s.$ref !== undefined) {
    const name = typeof s.$ref === 'string' ? /^#\/\$defs\/([\w-]+)$/.exec(s.$ref)?.[1] : undefined;
    const target = name ? (root.$defs as Schema | undefined)?.[name] : undefined;
    if (!target || !certainlyValid(target, data, root, depth + 1)) return false;
  }
  if (s.type !== undefined && !(Array.isArray(s.type) ? s.type : [s.type]).some((type) => hasType(data, type))) return false;
  if (typeof data === 'number') {
    if (!Number.isFinite(data)) return false;
    if (s.minimum !== undefined && !(typeof s.minimum === 'number' && data >= s.minimum)) return false;
    if (s.exclusiveMinimum !== undefined && !(typeof s.exclusiveMinimum === 'number' && data > s.exclusiveMinimum)) return false;
  }
  if (typeof data === 'string' && s.minLength !== undefined && !(typeof s.minLength === 'number' && [...data].length >= s.minLength)) return false;
  if (Array.isArray(data)) {
    if (s.items !== undefined && !data.every((item) => certainlyValid(s.items, item, root, depth + 1))) return false;
  } else if (typeof data === 'object' && data !== null) {
    if (Object.getPrototypeOf(data) !== Object.prototype && Object.getPrototypeOf(data) !== null) return false;
    const record = data as Record<string, unknown>;
    if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((key) => typeof key === 'string' && record[key] !== undefined))) return false;
    const properties = (s.properties ?? {}) as Schema;
    for (const [key, value] of Object.entries(record)) {
      if (Object.hasOwn(properties, key)) {
        // Ajv skips a known property whose value is undefined.
        if (value !== undefined && !certainlyValid(properties[key], value, root, depth + 1)) return false;
      } else if (s.additionalProperties === false) {
        return false;
      } else if (s.additionalProperties !== undefined && !certainlyValid(s.additionalProperties, value, root, depth + 1)) {
        return false;
      }
    }
  }
  return true;
}

function hasType(data: unknown, type: unknown): boolean {
  switch (type) {
    case 'object':
      return typeof data === 'object' && data !== null && !Array.isArray(data);
    case 'array':
      return Array.isArray(data);
    case 'string':
      return typeof data === 'string';
    case 'number':
      return typeof data === 'number' && Number.isFinite(data);
    case 'integer':
      return typeof data === 'number' && Number.isInteger(data);
    case 'boolean':
      return typeof data === 'boolean';
    case 'null':
      return data === null;
    default:
      return false;
  }
}
