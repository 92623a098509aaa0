import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, MAX_HASHED_BYTES, storageSize } from './hash.js';
import { writeTextPreview } from './preview.js';

const TEXT_FILE = 'data.txt';
/** UTF-8 cannot hold a lone surrogate, so such strings are stored as a JSON string (which escapes it). */
const JSON_FILE = 'data.json';
const LONE_SURROGATE = /\p{Surrogate}/u;

export class StringMaterializer extends BaseMaterializer<string> {
  readonly id = 'zenml.string';

  canHandle(value: unknown): boolean {
    return typeof value === 'string';
  }

  async save(value: string, files: ArtifactFiles): Promise<void> {
    if (LONE_SURROGATE.test(value)) await files.writeFile(JSON_FILE, JSON.stringify(value));
    else await files.writeFile(TEXT_FILE, value);
  }

  async load(files: ArtifactFiles): Promise<string> {
    if (await files.exists(TEXT_FILE)) return (await files.readFile(TEXT_FILE)).toString('utf8');
    return JSON.parse((await files.readFile(JSON_FILE)).toString('utf8')) as string;
  }

  extractMetadata(value: string): Record<string, MetadataValue> {
    return { length: value.length, storage_size: storageSize(Buffer.byteLength(value, 'utf8')) };
  }

  async saveVisualizations(value: string, files: ArtifactFiles): Promise<Visualization[]> {
    return writeTextPreview(files, value);
  }

  contentHash(value: string): string | undefined {
    // Three bytes per UTF-16 unit is the UTF-8 worst case; checking that bound avoids encoding huge strings.
    if (value.length * 3 > MAX_HASHED_BYTES) return undefined;
    return LONE_SURROGATE.test(value) ? hashContent(this.id, 'json:', JSON.stringify(value)) : hashContent(this.id, 'text:', value);
  }
}
