import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';

const FILE = 'data.json';

export class NullMaterializer extends BaseMaterializer<null> {
  readonly id = 'zenml.null';

  canHandle(value: unknown): boolean {
    return value === null;
  }

  async save(_value: null, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, 'null');
  }

  async load(_files: ArtifactFiles): Promise<null> {
    return null;
  }

  extractMetadata(): Record<string, MetadataValue> {
    return { storage_size: storageSize(4) };
  }

  contentHash(): string {
    return hashContent(this.id);
  }
}
