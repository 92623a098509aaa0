import { formatBytes } from './columns.js';
import type { Page } from '../core/entities.js';

export type OutputFormat = 'table' | 'json' | 'yaml' | 'csv';
export const OUTPUT_FORMATS: OutputFormat[] = ['table', 'json', 'yaml', 'csv'];

export interface Column<T> {
  header: string;
  get: (item: T) => unknown;
}

export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') {
    // Typed metadata values ({ type: 'uri' | 'storage_size', value }) read as what they are.
    const typed = value as { type?: unknown; value?: unknown };
    if (typed.type === 'storage_size' && typeof typed.value === 'number') return formatBytes(typed.value);
    if (typed.type === 'uri' && typeof typed.value === 'string') return typed.value;
    return JSON.stringify(value);
  }
  return String(value);
}

export async function renderTable<T>(items: T[], columns: Column<T>[], color: boolean): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: columns.map((c) => c.header),
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] },
  });
  for (const item of items) table.push(columns.map((c) => cell(c.get(item))));
  return table.toString();
}

/** Key/value rows for one entity. */
export async function renderRecord(record: Record<string, unknown>, color: boolean): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({ style: { head: [], border: color ? ['grey'] : [] } });
  for (const [key, value] of Object.entries(record)) table.push({ [key]: cell(value) });
  return table.toString();
}

export function renderCsv<T>(items: T[], columns: Column<T>[]): string {
  const quote = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [columns.map((c) => quote(c.header)).join(',')];
  for (const item of items) lines.push(columns.map((c) => quote(cell(c.get(item)))).join(','));
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
