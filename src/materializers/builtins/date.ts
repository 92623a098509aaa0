import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';

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

  contentHash(value: Date): string {
    return hashContent(this.id, String(value.getTime()));
  }
}

function stored(value: Date): StoredDate {
  const epochMs = value.getTime();
  return Number.isNaN(epochMs) ? { epochMs: null, iso: null } : { epochMs, iso: value.toISOString() };
}
