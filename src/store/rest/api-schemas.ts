/**
 * JSON Schema building blocks for the REST API's requests. The server's ajv (fastify's own)
 * validates every params, querystring and body against them, and @fastify/swagger turns them
 * into the OpenAPI document, so a limit set here is both enforced and documented.
 */
export type JsonSchema = Record<string, unknown>;

/** Longest name, id or id prefix a path or body may carry. */
export const MAX_NAME = 255;
/** Filter expressions (`oneof:[a,b,...]`, `contains:...`) and other short free text. */
export const MAX_FILTER = 2048;
/** Descriptions, status reasons, step errors (a step's error may quote a long message). */
export const MAX_TEXT = 65_536;
/** ZenML's PAGE_SIZE_MAXIMUM. */
export const MAX_PAGE_SIZE = 10_000;
/** Items in a list argument (tags, ids). */
export const MAX_ITEMS = 1000;

export const text = (maxLength = MAX_TEXT): JsonSchema => ({ type: 'string', maxLength });
export const name = (): JsonSchema => ({ type: 'string', minLength: 1, maxLength: MAX_NAME });
/** A uuid, a unique id prefix, or a name: whatever a lookup by "name or id" takes. */
export const nameOrId = name;
export const id = name;
export const filterExpression = (): JsonSchema => text(MAX_FILTER);
export const bool = (): JsonSchema => ({ type: 'boolean' });
export const integer = (minimum?: number, maximum?: number): JsonSchema => ({ type: 'integer', ...(minimum === undefined ? {} : { minimum }), ...(maximum === undefined ? {} : { maximum }) });
export const timestamp = (): JsonSchema => ({ type: 'string', maxLength: 64 });
export const oneOfValues = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });
export const list = (items: JsonSchema, maxItems = MAX_ITEMS): JsonSchema => ({ type: 'array', items, maxItems });
/** Free JSON (configs, snapshot specs, parameters): any object, stored as given. */
export const jsonObject = (): JsonSchema => ({ type: 'object' });
/** A map of string keys to values of one schema. */
export const record = (values: JsonSchema, maxProperties = MAX_ITEMS): JsonSchema => ({ type: 'object', additionalProperties: values, maxProperties });
/** Any JSON value (metadata values). */
export const anyJson = (): JsonSchema => ({});

/** A closed object: unknown properties are a 400, not silently dropped. */
export function object(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema {
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

export const pageRequest = (): Record<string, JsonSchema> => ({
  page: integer(1, 1_000_000_000),
  size: integer(1, MAX_PAGE_SIZE),
  sortBy: text(MAX_NAME),
});

/** ListFilter: paging plus the name and created expressions every named list takes. */
export const listFilter = (extra: Record<string, JsonSchema> = {}): Record<string, JsonSchema> => ({
  ...pageRequest(),
  name: filterExpression(),
  created: filterExpression(),
  ...extra,
});
