import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';
import { isPlainJson } from './json.js';
import { writeTextPreview } from './preview.js';

/** Entries as a JSON array of [key, value] pairs, which keeps insertion order and non-string keys. */
const FILE = 'entries.json';

export class MapMaterializer extends BaseMaterializer<Map<unknown, unknown>> {
  readonly id = 'zenml.map';

  canHandle(value: unknown): boolean {
    if (!(value instanceof Map) || Object.getPrototypeOf(value) !== Map.prototype) return false;
    for (const [key, item] of value) if (!isPlainJson(key) || !isPlainJson(item)) return false;
    return true;
  }

  dataType(): string {
    return 'Map';
  }

  async save(value: Map<unknown, unknown>, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, serialize(value));
  }

  async load(files: ArtifactFiles): Promise<Map<unknown, unknown>> {
    return new Map(JSON.parse((await files.readFile(FILE)).toString('utf8')) as [unknown, unknown][]);
  }

  extractMetadata(value: Map<unknown, unknown>): Record<string, MetadataValue> {
    return { length: value.size, storage_size: storageSize(Buffer.byteLength(serialize(value), 'utf8')) };
  }

  async saveVisualizations(value: Map<unknown, unknown>, files: ArtifactFiles): Promise<Visualization[]> {
    const lines = [...value].map(([key, item]) => `${JSON.stringify(key)} => ${JSON.stringify(item)}`);
    return writeTextPreview(files, `Map(${value.size})\n${lines.join('\n')}`);
  }

  contentHash(value: Map<unknown, unknown>): string {
    return hashContent(this.id, serialize(value));
  }
}

function serialize(value: Map<unknown, unknown>): string {
  return JSON.stringify([...value]);
}
