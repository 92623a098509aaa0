import { UsageError } from '../core/errors.js';
import { escapeControlCharacters } from '../core/names.js';
import type { Page } from '../core/entities.js';
import { formatBytes, formatDuration } from './formats.js';

export type OutputFormat = 'table' | 'json' | 'yaml' | 'csv' | 'tsv';
export const OUTPUT_FORMATS: OutputFormat[] = ['table', 'json', 'yaml', 'csv', 'tsv'];

/**
 * What a column holds, so each format shows it its own way: tables are for people (local
 * dates, humanised sizes, ids cut to 8 characters), csv/tsv/json for scripts (ISO dates,
 * sizes in bytes, true/false, whole ids).
 */
export type ColumnKind = 'text' | 'date' | 'bytes' | 'duration' | 'flag' | 'id';

export interface Column<T> {
  header: string;
  get: (item: T) => unknown;
  kind?: ColumnKind;
}

/** Table-wide choices of the running command (`--wide`); a CLI process prints for one command. */
const tableSettings = { wide: false };

export function setWideTables(wide: boolean): void {
  tableSettings.wide = wide;
}

/** Keys guessed to hold ids, dates or sizes, for entities shown as key/value records. */
function kindOfKey(key: string): ColumnKind {
  if (/^(id|.*Id)$/.test(key) || /( id|_id)$/.test(key)) return 'id';
  if (/^(created|updated|started|ended|linked|at|stageChangedAt)$/.test(key)) return 'date';
  if (/^(size)$/.test(key)) return 'bytes';
  return 'text';
}

/** Local time at second precision, as people read timestamps in a table. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as people read it in a table; control characters in stored text are shown escaped, so a row stays one row. */
export function cell(value: unknown, kind: ColumnKind = 'text'): string {
  return escapeControlCharacters(readableCell(value, kind));
}

function readableCell(value: unknown, kind: ColumnKind): string {
  if (value === undefined || value === null) return '';
  if (kind === 'flag') return value ? '*' : '';
  if (kind === 'date' && typeof value === 'string') return localTime(value);
  if (kind === 'bytes' && typeof value === 'number') return formatBytes(value);
  if (kind === 'duration' && typeof value === 'number') return formatDuration(value);
  if (kind === 'id' && typeof value === 'string' && UUID.test(value) && !tableSettings.wide) return value.slice(0, 8);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map((v) => readableCell(v, 'text')).join(', ');
  if (typeof value === 'object') {
    // Typed metadata values ({ type: 'uri' | 'storage_size', value }) read as what they are.
    const typed = value as { type?: unknown; value?: unknown };
    if (typed.type === 'storage_size' && typeof typed.value === 'number') return formatBytes(typed.value);
    if (typed.type === 'uri' && typeof typed.value === 'string') return typed.value;
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * A value as scripts read it in csv/tsv: ISO dates, sizes and durations as numbers, true/false,
 * whole ids. Control characters other than line breaks and tabs (which csv quotes and tsv
 * folds) are escaped: a terminal may show the file.
 */
export function machineCell(value: unknown): string {
  return machineText(value).replace(/[^\n\r\t]+/g, (part) => escapeControlCharacters(part));
}

function machineText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map(machineText).join(',');
  if (typeof value === 'object') {
    const typed = value as { type?: unknown; value?: unknown };
    if ((typed.type === 'storage_size' || typed.type === 'uri') && typed.value !== undefined) return String(typed.value);
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * The columns `--columns a,b,c` names, in that order. Names match headers loosely
 * (`data_type`, `data-type`, `Data Type`); an unknown one is a usage error listing the rest.
 */
export function selectColumns<T>(columns: Column<T>[], wanted: string | undefined): Column<T>[] {
  if (!wanted) return columns;
  const norm = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, '');
  const names = wanted.split(',').map((name) => name.trim()).filter(Boolean);
  return names.map((name) => {
    const found = columns.find((column) => norm(column.header) === norm(name));
    if (!found) throw new UsageError(`Unknown column '${name}'.`, `Columns: ${columns.map((c) => c.header.replace(/ /g, '_')).join(', ')}.`);
    return found;
  });
}

/** Key/value columns of an entity shown as a record. */
export function recordColumns(record: Record<string, unknown>): Column<Record<string, unknown>>[] {
  return Object.keys(record).map((key) => ({ header: key, get: (r) => r[key], kind: kindOfKey(key) }));
}

/** Columns wider than the terminal wrap in the last column only; rows have no separator lines. */
const TABLE_CHARS = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' };

function terminalWidth(): number {
  return process.stdout.isTTY && process.stdout.columns ? process.stdout.columns : 100;
}

export async function renderTable<T>(items: T[], columns: Column<T>[], color: boolean): Promise<string> {
  const { default: Table } = await import('../vendor/cli-table3.js');
  const rows = items.map((item) => columns.map((c) => cell(c.get(item), c.kind)));
  const natural = columns.map((c, i) => Math.max(c.header.length, ...rows.map((row) => longestLine(row[i]))) + 2);
  const colWidths = fitWidths(natural, terminalWidth() - (columns.length + 1));
  const table = new Table({
    head: columns.map((c) => c.header),
    chars: TABLE_CHARS,
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
    ...(colWidths ? { colWidths, wordWrap: true, wrapOnWordBoundary: false } : {}),
  });
  for (const row of rows) table.push(row);
  return table.toString();
}

/**
 * Column widths that fit `available`: the last column (free text, usually) wraps first;
 * only when the others alone are too wide do the widest of them wrap as well.
 * Undefined when the natural widths fit.
 */
export function fitWidths(natural: number[], available: number, minimum = 12): number[] | undefined {
  const sum = (widths: number[]) => widths.reduce((a, b) => a + b, 0);
  if (natural.length === 0 || sum(natural) <= available) return undefined;
  const widths = [...natural];
  const last = widths.length - 1;
  widths[last] = Math.max(Math.min(minimum, natural[last]), available - sum(widths.slice(0, last)));
  while (sum(widths) > available) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest] <= minimum) break;
    widths[widest] = Math.max(minimum, widths[widest] - (sum(widths) - available));
  }
  return widths;
}

function longestLine(text: string): number {
  return Math.max(...text.split('\n').map((line) => line.length));
}

/** Key/value rows for one entity. */
export async function renderRecord(record: Record<string, unknown>, color: boolean): Promise<string> {
  const { default: Table } = await import('../vendor/cli-table3.js');
  const rows = Object.entries(record).map(([key, value]) => [key, cell(value, kindOfKey(key))] as const);
  const natural = [Math.max(0, ...rows.map(([key]) => key.length)) + 2, Math.max(0, ...rows.map(([, text]) => longestLine(text))) + 2];
  const colWidths = fitWidths(natural, terminalWidth() - 3);
  const table = new Table({ chars: TABLE_CHARS, style: { head: [], border: color ? ['grey'] : [] }, ...(colWidths ? { colWidths, wordWrap: true, wrapOnWordBoundary: false } : {}) });
  for (const [key, text] of rows) table.push({ [key]: text });
  return table.toString();
}

/** csv (RFC 4180 quoting) or tsv (tabs and newlines inside a value become spaces). */
export function renderDelimited<T>(items: T[], columns: Column<T>[], format: 'csv' | 'tsv'): string {
  const field = format === 'csv' ? (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text) : (text: string) => text.replace(/[\t\r\n]+/g, ' ');
  const separator = format === 'csv' ? ',' : '\t';
  const lines = [columns.map((c) => field(c.header)).join(separator)];
  for (const item of items) lines.push(columns.map((c) => field(machineCell(c.get(item)))).join(separator));
  return lines.join('\n');
}

export async function renderData(data: unknown, format: 'json' | 'yaml'): Promise<string> {
  if (format === 'json') return JSON.stringify(data, null, 2);
  const { stringify } = await import('../vendor/yaml.js');
  return stringify(JSON.parse(JSON.stringify(data))).trimEnd();
}

export function pageFooter(page: Page<unknown>): string {
  const pages = Math.max(1, Math.ceil(page.total / page.size));
  return `Page ${page.page}/${pages}, ${page.total} in total.`;
}
