import type { ArtifactFiles } from '../../core/artifact-store.js';
import type { Visualization } from '../../core/materializer.js';
import { writeTextVisualization } from './inline-visualization.js';
import { previewJson } from './preview.js';

/** Largest JSON visualization written whole; a bigger value is written trimmed (see trimForPreview). */
const MAX_JSON_CHARS = 1024 * 1024;
/** How much of a large value the trimmed JSON keeps: items per array, keys per object, characters per string. */
const TRIM = { items: 100, keys: 100, chars: 1000, depth: 20 };
/** Rows and columns a CSV table holds at most: enough to read a table in the dashboard, small enough to send. */
export const CSV_MAX_ROWS = 10_000;
const CSV_MAX_COLUMNS = 100;

/** Writes `value` as indented JSON (trimmed when large, so the file stays valid JSON). */
export async function writeJsonVisualization(files: ArtifactFiles, file: string, value: unknown): Promise<Visualization> {
  let text = previewJson(value, 2);
  if (text.length > MAX_JSON_CHARS) text = previewJson(trimForPreview(value, 0), 2);
  return writeTextVisualization(files, 'json', file, `${text}\n`);
}

export async function writeMarkdownVisualization(files: ArtifactFiles, file: string, markdown: string): Promise<Visualization> {
  return writeTextVisualization(files, 'markdown', file, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** A CSV file with a header row; cells are quoted as RFC 4180 says. */
export async function writeCsvVisualization(files: ArtifactFiles, file: string, header: readonly string[], rows: readonly (readonly string[])[]): Promise<Visualization> {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return writeTextVisualization(files, 'csv', file, `${lines.join('\n')}\n`);
}

export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * An array of plain objects read as a table: columns are the keys in order of first
 * appearance (among the rows shown), rows the first CSV_MAX_ROWS items. Undefined when
 * the array is empty or any item is not a plain object.
 */
export function rowsTable(value: unknown): { columns: string[]; rows: string[][] } | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const shown = value.length > CSV_MAX_ROWS ? value.slice(0, CSV_MAX_ROWS) : value;
  const columns = new Set<string>();
  for (const row of shown) {
    if (!isPlainObject(row)) return undefined;
    for (const key of Object.keys(row)) if (columns.size < CSV_MAX_COLUMNS) columns.add(key);
  }
  const names = [...columns];
  return { columns: names, rows: shown.map((row) => names.map((name) => formatCell((row as Record<string, unknown>)[name]))) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A table cell as text: dates as ISO, nested values as JSON, missing values empty. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'object') return previewJson(value instanceof Map ? [...value] : value instanceof Set ? [...value] : value);
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}

/** True for an array (or typed array) of at least two numbers, which a chart shows well. */
export function isNumericSeries(value: unknown): value is ArrayLike<number> {
  if (!Array.isArray(value) || value.length < 2) return false;
  return value.every((item) => typeof item === 'number');
}

function trimForPreview(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > TRIM.chars ? `${value.slice(0, TRIM.chars)}… (${value.length} characters)` : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= TRIM.depth) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, TRIM.items).map((item) => trimForPreview(item, depth + 1));
    if (value.length > TRIM.items) items.push(`… ${value.length - TRIM.items} more items`);
    return items;
  }
  const keys = Object.keys(value);
  const trimmed: Record<string, unknown> = {};
  for (const key of keys.slice(0, TRIM.keys)) trimmed[key] = trimForPreview((value as Record<string, unknown>)[key], depth + 1);
  if (keys.length > TRIM.keys) trimmed['…'] = `${keys.length - TRIM.keys} more keys`;
  return trimmed;
}

/** A single value (number, bigint, boolean, date) as a big markdown figure and as JSON. */
export async function writeScalarVisualizations(files: ArtifactFiles, text: string, json: unknown): Promise<Visualization[]> {
  return [await writeMarkdownVisualization(files, 'value.md', `# ${text}`), await writeJsonVisualization(files, 'value.json', json)];
}
