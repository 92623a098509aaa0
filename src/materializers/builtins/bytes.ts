import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, MAX_HASHED_BYTES, storageSize } from './hash.js';
import { readMeta, writeMeta } from './meta-file.js';
import { writeTextPreview } from './preview.js';
import { bytesOf, readRawBytes, writeRawBytes } from './raw-bytes.js';

const DATA_FILE = 'data.bin';
const PREVIEW_BYTES = 256;

type BytesKind = 'Buffer' | 'Uint8Array';

interface BytesMeta {
  /** Which class to give back: a Buffer and a Uint8Array hold the same bytes but are not interchangeable. */
  kind: BytesKind;
  length: number;
}

/** Buffers and Uint8Arrays, stored as the raw bytes. */
export class BytesMaterializer extends BaseMaterializer<Uint8Array> {
  readonly id = 'zenml.bytes';

  canHandle(value: unknown): boolean {
    return kindOf(value) !== undefined;
  }

  dataType(value: Uint8Array): string {
    return kindOf(value) ?? 'Uint8Array';
  }

  async save(value: Uint8Array, files: ArtifactFiles): Promise<void> {
    const meta: BytesMeta = { kind: kindOf(value) ?? 'Uint8Array', length: value.byteLength };
    await writeMeta(files, meta);
    await writeRawBytes(files, DATA_FILE, value);
  }

  async load(files: ArtifactFiles): Promise<Uint8Array> {
    const meta = await readMeta<BytesMeta>(files);
    const raw = await readRawBytes(files, DATA_FILE, meta.length);
    return meta.kind === 'Buffer'
      ? Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)
      : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  }

  extractMetadata(value: Uint8Array): Record<string, MetadataValue> {
    return { dtype: 'uint8', length: value.byteLength, shape: [value.byteLength], storage_size: storageSize(value.byteLength) };
  }

  async saveVisualizations(value: Uint8Array, files: ArtifactFiles): Promise<Visualization[]> {
    const head = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, PREVIEW_BYTES));
    const rows: string[] = [];
    for (let offset = 0; offset < head.length; offset += 16) {
      rows.push(`${offset.toString(16).padStart(8, '0')}  ${head.subarray(offset, offset + 16).toString('hex').replace(/(..)/g, '$1 ').trim()}`);
    }
    const more = value.byteLength > PREVIEW_BYTES ? `\n… ${value.byteLength - PREVIEW_BYTES} more bytes` : '';
    const visualizations = await writeTextPreview(files, `${kindOf(value)}(${value.byteLength})\n${rows.join('\n')}${more}`);
    // Bytes that are a picture (a plot a step drew) are shown as one.
    const image = imageFileFor(value);
    if (image) {
      await writeRawBytes(files, image, value);
      visualizations.push({ type: 'image', file: image });
    }
    return visualizations;
  }

  contentHash(value: Uint8Array): string | undefined {
    if (value.byteLength > MAX_HASHED_BYTES) return undefined;
    return hashContent(this.id, bytesOf(value));
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Pictures above this are not copied for the dashboard (which reads at most this much). */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** `image.png` or `image.svg` when the bytes are a PNG or an SVG document, else undefined. */
function imageFileFor(value: Uint8Array): string | undefined {
  if (value.byteLength > MAX_IMAGE_BYTES) return undefined;
  const head = Buffer.from(value.buffer, value.byteOffset, Math.min(value.byteLength, 1024));
  if (head.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return 'image.png';
  const text = head.toString('utf8').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text)) return 'image.svg';
  return undefined;
}

function kindOf(value: unknown): BytesKind | undefined {
  if (Buffer.isBuffer(value)) return 'Buffer';
  if (value instanceof Uint8Array && Object.getPrototypeOf(value) === Uint8Array.prototype) return 'Uint8Array';
  return undefined;
}
