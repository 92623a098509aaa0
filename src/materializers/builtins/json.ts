import type { ArtifactFiles } from '../../core/artifact-store.js';
import { BaseMaterializer, type MetadataValue, type Visualization } from '../../core/materializer.js';
import { hashContent, storageSize } from './hash.js';
import { writeSeriesChart } from './svg-chart.js';
import { isNumericSeries, rowsTable, writeCsvVisualization, writeJsonVisualization } from './visualization-files.js';

const FILE = 'data.json';

/** Plain JSON values: objects and arrays made only of JSON values. */
export class JsonMaterializer extends BaseMaterializer<unknown> {
  readonly id = 'zenml.json';

  canHandle(value: unknown): boolean {
    return isPlainJson(value);
  }

  dataType(value: unknown): string {
    if (Array.isArray(value)) return 'Array';
    return value !== null && typeof value === 'object' ? 'Object' : super.dataType(value);
  }

  async save(value: unknown, files: ArtifactFiles): Promise<void> {
    await files.writeFile(FILE, JSON.stringify(value));
  }

  async load(files: ArtifactFiles): Promise<unknown> {
    return JSON.parse((await files.readFile(FILE)).toString('utf8'));
  }

  extractMetadata(value: unknown): Record<string, MetadataValue> {
    const metadata: Record<string, MetadataValue> = {
      storage_size: storageSize(Buffer.byteLength(JSON.stringify(value), 'utf8')),
    };
    if (Array.isArray(value)) metadata.length = value.length;
    else if (value !== null && typeof value === 'object') metadata.keys = Object.keys(value).length;
    return metadata;
  }

  /** The value as JSON; an array of numbers also as a chart, an array of records also as a CSV table. */
  async saveVisualizations(value: unknown, files: ArtifactFiles): Promise<Visualization[]> {
    const visualizations = [await writeJsonVisualization(files, 'preview.json', value)];
    if (isNumericSeries(value)) visualizations.push(...(await writeSeriesChart(files, `Array(${value.length})`, value.length, (i) => value[i])));
    const table = rowsTable(value);
    if (table) visualizations.push(await writeCsvVisualization(files, 'table.csv', table.columns, table.rows));
    return visualizations;
  }

  contentHash(value: unknown): string {
    return hashContent(this.id, JSON.stringify(value));
  }
}

/**
 * True for values that survive JSON.stringify/parse unchanged: finite numbers, strings,
 * booleans, null, and arrays and plain objects of those. Class instances, undefined,
 * functions, array holes and cycles are rejected so they reach a better materializer or
 * a clear error instead of being silently changed.
 */
export function isPlainJson(value: unknown): boolean {
  return isJsonValue(value, new Set());
}

const MAX_DEPTH = 200;

function isJsonValue(value: unknown, ancestors: Set<object>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || ancestors.has(value) || ancestors.size >= MAX_DEPTH) return false;
  const proto = Object.getPrototypeOf(value);
  const isArray = proto === Array.prototype && Array.isArray(value);
  if (!isArray && proto !== Object.prototype && proto !== null) return false;
  ancestors.add(value);
  try {
    if (isArray) {
      // An index loop, unlike every(), visits holes, which JSON would turn into null.
      const items = value as unknown[];
      for (let i = 0; i < items.length; i++) if (!isJsonValue(items[i], ancestors)) return false;
      return true;
    }
    for (const key in value) {
      if (Object.hasOwn(value, key) && !isJsonValue((value as Record<string, unknown>)[key], ancestors)) return false;
    }
    return true;
  } finally {
    ancestors.delete(value);
  }
}
