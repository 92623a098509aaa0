import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';
import { writeScalarVisualizations } from './visualization-files.js';

const FILE = 'data.json';

interface StoredDate {
  /** Milliseconds since the epoch; null for an invalid date. */
  epochMs: number | null;
  /** For people reading the file; loading uses epochMs. */
  iso: string | null;
}

export class DateMaterializer extends BaseMaterializer<Date> {
  readonly id = 'zenml.date';

  canHandle(value: unknown): boolean {
    // Exact class only: a subclass would come back as a plain Date and lose its methods.
    return value instanceof Date && Object.getPrototypeOf(value) === Date.prototype;
  }

  dataType(): string {
    return 'Date';
  }

  async save(value: Date, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, JSON.stringify(stored(value)));
  }

  async load(files: ArtifactFiles): Promise<Date> {
    const { epochMs } = JSON.parse((await files.readFile(FILE)).toString('utf8')) as StoredDate;
    return new Date(epochMs ?? NaN);
  }

  extractMetadata(value: Date): Record<string, MetadataValue> {
    const { iso } = stored(value);
    return { value: iso ?? 'Invalid Date', storage_size: storageSize(JSON.stringify(stored(value)).length) };
  }

  async saveVisualizations(value: Date, files: ArtifactFiles): Promise<Visualization[]> {
    const { iso } = stored(value);
    return writeScalarVisualizations(files, iso ?? 'Invalid Date', iso);
  }

  contentHash(value: Date): string {
    return hashContent(this.id, String(value.getTime()));
  }
}

function stored(value: Date): StoredDate {
  const epochMs = value.getTime();
  return Number.isNaN(epochMs) ? { epochMs: null, iso: null } : { epochMs, iso: value.toISOString() };
}
