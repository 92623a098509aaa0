import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';
import { writeScalarVisualizations } from './visualization-files.js';

/** Text rather than JSON: JSON has no NaN, Infinity or -0. */
const FILE = 'data.txt';

export class NumberMaterializer extends BaseMaterializer<number> {
  readonly id = 'zenml.number';

  canHandle(value: unknown): boolean {
    return typeof value === 'number';
  }

  async save(value: number, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, formatNumber(value));
  }

  async load(files: ArtifactFiles): Promise<number> {
    return parseNumber((await files.readFile(FILE)).toString('utf8'));
  }

  extractMetadata(value: number): Record<string, MetadataValue> {
    const text = formatNumber(value);
    // Metadata is stored as JSON, so only finite values can go in as numbers.
    return { value: Number.isFinite(value) ? value : text, storage_size: storageSize(text.length) };
  }

  async saveVisualizations(value: number, files: ArtifactFiles): Promise<Visualization[]> {
    // JSON has no NaN or Infinity: those go in as their text.
    return writeScalarVisualizations(files, formatNumber(value), Number.isFinite(value) && !Object.is(value, -0) ? value : formatNumber(value));
  }

  contentHash(value: number): string {
    return hashContent(this.id, formatNumber(value));
  }
}

/** String(x) is the shortest text that parses back to the same double, except that it drops the sign of -0. */
function formatNumber(value: number): string {
  return Object.is(value, -0) ? '-0' : String(value);
}

function parseNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === 'NaN' ? NaN : Number(trimmed);
}
