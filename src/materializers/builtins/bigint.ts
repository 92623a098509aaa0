import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';
import { writeScalarVisualizations } from './visualization-files.js';

const FILE = 'data.txt';

export class BigIntMaterializer extends BaseMaterializer<bigint> {
  readonly id = 'zenml.bigint';

  canHandle(value: unknown): boolean {
    return typeof value === 'bigint';
  }

  async save(value: bigint, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, value.toString());
  }

  async load(files: ArtifactFiles): Promise<bigint> {
    return BigInt((await files.readFile(FILE)).toString('utf8').trim());
  }

  extractMetadata(value: bigint): Record<string, MetadataValue> {
    const text = value.toString();
    return { value: text, storage_size: storageSize(text.length) };
  }

  async saveVisualizations(value: bigint, files: ArtifactFiles): Promise<Visualization[]> {
    // As a JSON string: a JSON number would lose digits past 2^53 in every reader.
    return writeScalarVisualizations(files, value.toString(), value.toString());
  }

  contentHash(value: bigint): string {
    return hashContent(this.id, value.toString());
  }
}
