import type { Table } from 'apache-arrow';
import type { ArtifactFiles } from '../../core/artifact-store.js';
import type { Visualization } from '../../core/materializer.js';
import { previewJson } from './preview.js';
import { CSV_MAX_ROWS, csvCell } from './visualization-files.js';

export const IPC_FILE = 'table.arrow';
const MARKDOWN_FILE = 'preview.md';
const CSV_FILE = 'preview.csv';
const MARKDOWN_ROWS = 10;
/** The CSV is the table the dashboard shows: as many rows as it can page through. */
const CSV_ROWS = CSV_MAX_ROWS;

/** A markdown table of the first rows for the dashboard and a CSV of a few more for download. */
export async function writeTablePreviews(table: Table, files: ArtifactFiles): Promise<Visualization[]> {
  const names = table.schema.fields.map((field) => field.name);
  const rows = firstRows(table, Math.max(MARKDOWN_ROWS, CSV_ROWS));

  const markdown = [
    `| ${names.map(markdownCell).join(' | ')} |`,
    `| ${names.map(() => '---').join(' | ')} |`,
    ...rows.slice(0, MARKDOWN_ROWS).map((row) => `| ${row.map(markdownCell).join(' | ')} |`),
  ];
  const shown = Math.min(MARKDOWN_ROWS, table.numRows);
  markdown.push('', `${shown} of ${table.numRows} rows, ${table.numCols} columns.`);

  const csv = [names, ...rows.slice(0, CSV_ROWS)].map((row) => row.map(csvCell).join(',')).join('\n');

  await files.writeFile(MARKDOWN_FILE, `${markdown.join('\n')}\n`);
  await files.writeFile(CSV_FILE, `${csv}\n`);
  return [
    { type: 'markdown', file: MARKDOWN_FILE },
    { type: 'csv', file: CSV_FILE },
  ];
}

function firstRows(table: Table, count: number): string[][] {
  const columns = table.schema.fields.map((_, index) => table.getChildAt(index));
  const rows: string[][] = [];
  for (let i = 0; i < Math.min(count, table.numRows); i++) rows.push(columns.map((column) => formatCell(column?.get(i))));
  return rows;
}

function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
    return previewJson(value);
  }
  return String(value);
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
