import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';
import { isPlainJson } from './json.js';
import { writeTextPreview } from './preview.js';

/** Members as a JSON array in insertion order. */
const FILE = 'values.json';

export class SetMaterializer extends BaseMaterializer<Set<unknown>> {
  readonly id = 'zenml.set';

  canHandle(value: unknown): boolean {
    if (!(value instanceof Set) || Object.getPrototypeOf(value) !== Set.prototype) return false;
    for (const item of value) if (!isPlainJson(item)) return false;
    return true;
  }

  dataType(): string {
    return 'Set';
  }

  async save(value: Set<unknown>, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, serialize(value));
  }

  async load(files: ArtifactFiles): Promise<Set<unknown>> {
    return new Set(JSON.parse((await files.readFile(FILE)).toString('utf8')) as unknown[]);
  }

  extractMetadata(value: Set<unknown>): Record<string, MetadataValue> {
    return { length: value.size, storage_size: storageSize(Buffer.byteLength(serialize(value), 'utf8')) };
  }

  async saveVisualizations(value: Set<unknown>, files: ArtifactFiles): Promise<Visualization[]> {
    const lines = [...value].map((item) => JSON.stringify(item));
    return writeTextPreview(files, `Set(${value.size})\n${lines.join('\n')}`);
  }

  contentHash(value: Set<unknown>): string {
    return hashContent(this.id, serialize(value));
  }
}

function serialize(value: Set<unknown>): string {
  return JSON.stringify([...value]);
}
