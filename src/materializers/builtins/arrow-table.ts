import { createHash, type Hash } from 'node:crypto';
import type { Data, Table } from 'apache-arrow';
import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { MAX_HASHED_BYTES, storageSize } from './hash.js';
import { bytesOf, writeRawBytes } from './raw-bytes.js';
import { IPC_FILE, writeTablePreviews } from './arrow-preview.js';

/** Set on Table.prototype by every copy of apache-arrow, so detection needs no import. */
const TABLE_SYMBOL = Symbol.for('apache-arrow/Table');

/**
 * Apache Arrow tables, stored as an Arrow IPC file that any Arrow implementation can read.
 * apache-arrow is imported only when a table is saved or loaded: it is large and most CLI
 * commands never touch a table.
 */
export class ArrowTableMaterializer extends BaseMaterializer<Table> {
  readonly id = 'zenml.arrow_table';

  canHandle(value: unknown): boolean {
    if (value === null || typeof value !== 'object') return false;
    if ((value as Record<symbol, unknown>)[TABLE_SYMBOL] === true) return true;
    return value.constructor?.name === 'Table' && 'schema' in value && 'numRows' in value && 'batches' in value;
  }

  dataType(): string {
    return 'arrow.Table';
  }

  async save(value: Table, files: ArtifactFiles): Promise<void> {
    const { tableToIPC } = await import('apache-arrow');
    await writeRawBytes(files, IPC_FILE, tableToIPC(value, 'file'));
  }

  async load(files: ArtifactFiles): Promise<Table> {
    const { tableFromIPC } = await import('apache-arrow');
    // Arrow's vectors are views over the file's bytes, so the table costs no second copy.
    return tableFromIPC(await files.readFile(IPC_FILE));
  }

  extractMetadata(value: Table): Record<string, MetadataValue> {
    const schema = value.schema.fields.map((field) => ({ name: field.name, type: String(field.type), nullable: field.nullable }));
    return {
      schema,
      numRows: value.numRows,
      numCols: value.numCols,
      shape: [value.numRows, value.numCols],
      storage_size: storageSize(value.data.reduce((sum, data) => sum + data.byteLength, 0)),
    };
  }

  async saveVisualizations(value: Table, files: ArtifactFiles): Promise<Visualization[]> {
    return writeTablePreviews(value, files);
  }

  /**
   * Hashes the column buffers as they sit in memory, so no IPC encoding is needed. Two
   * equal tables laid out differently (e.g. one sliced) hash differently, which costs a
   * cache miss but never a wrong hit.
   */
  contentHash(value: Table): string | undefined {
    const hash = createHash('sha256').update(this.id).update('\0');
    hash.update(JSON.stringify(this.extractMetadata(value).schema));
    const budget = { bytes: MAX_HASHED_BYTES };
    for (const data of value.data) if (!hashData(hash, data, budget)) return undefined;
    return hash.digest('hex');
  }
}

function hashData(hash: Hash, data: Data, budget: { bytes: number }): boolean {
  hash.update(`|${String(data.type)}:${data.offset}:${data.length}:${data.stride}`);
  const buffers = [data.valueOffsets, data.values, data.nullBitmap, data.typeIds, ...(data.variadicBuffers ?? [])];
  for (const buffer of buffers) {
    if (!ArrayBuffer.isView(buffer)) {
      hash.update('-');
      continue;
    }
    budget.bytes -= buffer.byteLength;
    if (budget.bytes < 0) return false;
    hash.update(`#${buffer.byteLength}`).update(bytesOf(buffer));
  }
  for (const child of data.children) if (!hashData(hash, child, budget)) return false;
  for (const dictionary of data.dictionary?.data ?? []) if (!hashData(hash, dictionary, budget)) return false;
  return true;
}
