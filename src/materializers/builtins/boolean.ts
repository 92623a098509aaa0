import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';
import { writeScalarVisualizations } from './visualization-files.js';

const FILE = 'data.json';

export class BooleanMaterializer extends BaseMaterializer<boolean> {
  readonly id = 'zenml.boolean';

  canHandle(value: unknown): boolean {
    return typeof value === 'boolean';
  }

  async save(value: boolean, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, String(value));
  }

  async load(files: ArtifactFiles): Promise<boolean> {
    return (await files.readFile(FILE)).toString('utf8').trim() === 'true';
  }

  extractMetadata(value: boolean): Record<string, MetadataValue> {
    return { value, storage_size: storageSize(String(value).length) };
  }

  async saveVisualizations(value: boolean, files: ArtifactFiles): Promise<Visualization[]> {
    return writeScalarVisualizations(files, String(value), value);
  }

  contentHash(value: boolean): string {
    return hashContent(this.id, String(value));
  }
}
