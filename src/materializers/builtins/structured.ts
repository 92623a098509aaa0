import { inspect } from 'node:util';
import { DefaultDeserializer, serialize } from 'node:v8';
import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, MAX_HASHED_BYTES, storageSize } from './hash.js';
import { writeTextPreview } from './preview.js';
import { rowsTable, writeCsvVisualization } from './visualization-files.js';

const FILE = 'value.v8';

const TYPED_ARRAYS: readonly Function[] = [
  Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
  Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView, Buffer,
];
const ERRORS: readonly Function[] = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];
/** Built-ins whose instances the structured clone algorithm carries, by exact prototype. */
const CLONEABLE_PROTOTYPES = new Set<unknown>(
  [Array, Date, RegExp, Map, Set, ArrayBuffer, Number, String, Boolean, BigInt, ...TYPED_ARRAYS, ...ERRORS].map((type) => type.prototype),
);

/**
 * Objects and arrays that nest Dates, Maps, Sets, bigints, TypedArrays, RegExps, Errors and
 * plain objects in any combination (cycles included): everything the structured clone
 * algorithm carries, stored in V8's serialization format (`node:v8`). Asked after plain
 * JSON, so JSON-only values keep their readable format. Class instances are refused: their
 * prototype (and methods) would be lost, silently turning them into plain objects.
 */
export class StructuredCloneMaterializer extends BaseMaterializer<unknown> {
  readonly id = 'zenml.structured_clone';

  canHandle(value: unknown): boolean {
    return value !== null && typeof value === 'object' && structuredCloneObstacle(value) === undefined;
  }

  async save(value: unknown, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, serialize(value));
  }

  async load(files: ArtifactFiles): Promise<unknown> {
    const deserializer = new CopyingDeserializer(await files.readFile(FILE));
    deserializer.readHeader();
    return deserializer.readValue();
  }

  extractMetadata(value: unknown): Record<string, MetadataValue> {
    const metadata: Record<string, MetadataValue> = { storage_size: storageSize(serialize(value).byteLength) };
    if (Array.isArray(value)) metadata.length = value.length;
    else if (value instanceof Map || value instanceof Set) metadata.length = value.size;
    else if (Object.getPrototypeOf(value) === Object.prototype) metadata.keys = Object.keys(value as object).length;
    return metadata;
  }

  async saveVisualizations(value: unknown, files: ArtifactFiles): Promise<Visualization[]> {
    const visualizations = await writeTextPreview(files, inspect(value, { depth: 6, maxArrayLength: 50, breakLength: 100 }));
    // Rows holding Dates, bigints or Maps are still a table.
    const table = rowsTable(value);
    if (table) visualizations.push(await writeCsvVisualization(files, 'table.csv', table.columns, table.rows));
    return visualizations;
  }

  contentHash(value: unknown): string | undefined {
    const bytes = serialize(value);
    return bytes.byteLength > MAX_HASHED_BYTES ? undefined : hashContent(this.id, bytes);
  }
}

/**
 * Node's deserializer returns TypedArrays that are views into the whole serialized buffer;
 * copy each so `array.buffer` holds just its own bytes, as it did when saved.
 */
class CopyingDeserializer extends DefaultDeserializer {
  _readHostObject(): unknown {
    const view = (DefaultDeserializer.prototype as unknown as { _readHostObject(this: DefaultDeserializer): ArrayBufferView })._readHostObject.call(this);
    if (view instanceof DataView) return new DataView(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
    if (Buffer.isBuffer(view)) return Buffer.from(view);
    const Ctor = view.constructor as new (source: ArrayBufferView) => ArrayBufferView;
    return new Ctor(view);
  }
}

/**
 * Why a value cannot be stored by structured clone, or undefined when it can: names the
 * first class instance, function or symbol found and where, e.g. `an instance of class
 * Model at .models[2]`.
 */
export function structuredCloneObstacle(value: unknown): string | undefined {
  return obstacle(value, '', new Set());
}

function obstacle(value: unknown, path: string, seen: Set<object>): string | undefined {
  const where = path ? ` at ${path}` : '';
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}${where}`;
  if (typeof value === 'symbol') return `a symbol${where}`;
  if (value === null || typeof value !== 'object') return undefined;
  if (seen.has(value)) return undefined;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && !CLONEABLE_PROTOTYPES.has(proto)) {
    const name = (value as object).constructor?.name;
    return `an instance of class ${name || '(anonymous)'}${where}`;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Date || value instanceof RegExp) return undefined;
  if (value instanceof Map) {
    let index = 0;
    for (const [key, item] of value) {
      const found = obstacle(key, `${path}.keys()[${index}]`, seen) ?? obstacle(item, `${path}.get(${describeKey(key)})`, seen);
      if (found) return found;
      index++;
    }
    return undefined;
  }
  if (value instanceof Set) {
    let index = 0;
    for (const item of value) {
      const found = obstacle(item, `${path}.values()[${index++}]`, seen);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') return `a symbol-keyed property${where}`;
    if (Array.isArray(value) && key === 'length') continue;
    const found = obstacle((value as Record<string, unknown>)[key], Array.isArray(value) && /^\d+$/.test(key) ? `${path}[${key}]` : `${path}.${key}`, seen);
    if (found) return found;
  }
  return undefined;
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : typeof key === 'bigint' ? `${key}n` : typeof key === 'object' && key !== null ? '{…}' : String(key);
}
