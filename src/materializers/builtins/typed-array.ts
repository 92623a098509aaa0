import type { ArtifactFiles } from '../../core/artifact-store.js';
import { ZenError } from '../../core/errors.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, MAX_HASHED_BYTES, storageSize } from './hash.js';
import { readMeta, writeMeta } from './meta-file.js';
import { writeTextPreview } from './preview.js';
import { bytesOf, readRawBytes, writeRawBytes } from './raw-bytes.js';
import { writeSeriesChart } from './svg-chart.js';
import { writeJsonVisualization } from './visualization-files.js';

const DATA_FILE = 'data.bin';
const PREVIEW_VALUES = 100;
/** Values the JSON visualization lists; the chart shows the whole array. */
const JSON_VALUES = 1000;

type TypedArray =
  | Int8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

interface TypedArrayClass {
  readonly BYTES_PER_ELEMENT: number;
  readonly prototype: TypedArray;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): TypedArray;
}

/**
 * dtype names are part of the stored format (meta.json), so they never change. Uint8Array
 * is absent: it belongs to the bytes materializer, next to Buffer.
 */
const CLASSES: Record<string, TypedArrayClass> = {
  int8: Int8Array,
  uint8_clamped: Uint8ClampedArray,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

const DTYPES = new Map<object, string>(Object.entries(CLASSES).map(([dtype, cls]) => [cls.prototype, dtype]));

interface TypedArrayMeta {
  dtype: string;
  length: number;
  byteOrder: 'little';
}

/** Every numeric TypedArray, stored as raw little-endian bytes so gigabyte arrays save at disk speed. */
export class TypedArrayMaterializer extends BaseMaterializer<TypedArray> {
  readonly id = 'zenml.typed_array';

  canHandle(value: unknown): boolean {
    return ArrayBuffer.isView(value) && DTYPES.has(Object.getPrototypeOf(value));
  }

  dataType(value: TypedArray): string {
    return value.constructor.name;
  }

  async save(value: TypedArray, files: ArtifactFiles): Promise<void> {
    const meta: TypedArrayMeta = { dtype: dtypeOf(value), length: value.length, byteOrder: 'little' };
    await writeMeta(files, meta);
    await writeRawBytes(files, DATA_FILE, value, value.BYTES_PER_ELEMENT);
  }

  async load(files: ArtifactFiles): Promise<TypedArray> {
    const meta = await readMeta<TypedArrayMeta>(files);
    const cls = CLASSES[meta.dtype];
    if (!cls) {
      throw new ZenError(`The artifact at ${files.uri} holds a TypedArray of unknown dtype '${meta.dtype}'.`, {
        hint: 'It was probably written by a newer version of zenml.',
      });
    }
    const raw = await readRawBytes(files, DATA_FILE, meta.length * cls.BYTES_PER_ELEMENT, cls.BYTES_PER_ELEMENT);
    return new cls(raw.buffer, raw.byteOffset, meta.length);
  }

  extractMetadata(value: TypedArray): Record<string, MetadataValue> {
    return { dtype: dtypeOf(value), length: value.length, shape: [value.length], storage_size: storageSize(value.byteLength) };
  }

  async saveVisualizations(value: TypedArray, files: ArtifactFiles): Promise<Visualization[]> {
    const head = Array.from(value.subarray(0, PREVIEW_VALUES), String).join(', ');
    const more = value.length > PREVIEW_VALUES ? `, … ${value.length - PREVIEW_VALUES} more` : '';
    const name = value.constructor.name;
    // bigints as strings (JSON numbers lose digits past 2^53), NaN and ±Infinity as their text.
    const shown = Array.from(value.subarray(0, JSON_VALUES) as ArrayLike<number | bigint>, (item) => (typeof item === 'bigint' || !Number.isFinite(item) ? String(item) : item));
    return [
      ...(await writeTextPreview(files, `${name}(${value.length}) [${head}${more}]`)),
      await writeJsonVisualization(files, 'values.json', { dtype: dtypeOf(value), length: value.length, values: shown, ...(value.length > JSON_VALUES ? { truncated: true } : {}) }),
      ...(await writeSeriesChart(files, `${name}(${value.length})`, value.length, (i) => Number(value[i]))),
    ];
  }

  contentHash(value: TypedArray): string | undefined {
    if (value.byteLength > MAX_HASHED_BYTES) return undefined;
    return hashContent(this.id, dtypeOf(value), ':', bytesOf(value));
  }
}

function dtypeOf(value: TypedArray): string {
  return DTYPES.get(Object.getPrototypeOf(value))!;
}
