import { nodeCrypto } from '../../core/lazy-crypto.js';
import type { SelectQueryBuilder } from 'kysely';
import { UsageError } from '../../core/errors.js';
import type { Page, PageRequest } from '../../core/entities.js';

export const newId = (): string => nodeCrypto().randomUUID();
export const now = (): string => new Date().toISOString();

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 10_000;

export function pageOf(request: PageRequest = {}): { page: number; size: number; offset: number } {
  const page = Math.max(1, Math.floor(request.page ?? 1));
  const size = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(request.size ?? DEFAULT_PAGE_SIZE)));
  return { page, size, offset: (page - 1) * size };
}

/** Runs a filtered query twice: once for the page of rows, once for the total. */
export async function paged<DB, TB extends keyof DB, Row, Out>(
  query: SelectQueryBuilder<DB, TB, Row>,
  request: PageRequest | undefined,
  order: (q: SelectQueryBuilder<DB, TB, Row>) => SelectQueryBuilder<DB, TB, Row>,
  map: (row: Row) => Out | Promise<Out>,
): Promise<Page<Out>> {
  const { page, size, offset } = pageOf(request);
  const [rows, count] = await Promise.all([
    order(query).limit(size).offset(offset).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const items = await Promise.all(rows.map(map));
  return { items, total: Number((count as { total: number }).total), page, size };
}

export const toJson = (value: unknown): string => JSON.stringify(value ?? null);
export const fromJson = <T>(text: string | null | undefined, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);
export const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** Keyset cursors are opaque to callers: base64url of the sort key of the last item. */
export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2) return key as [string, string];
  } catch {
    // fall through
  }
  throw new UsageError(`'${cursor}' is not a valid page cursor.`, "Pass the 'next' value of a previous page.");
}

/** A write refused by a unique index or constraint (SQLite's or PostgreSQL's wording). */
export const isUniqueViolation = (error: unknown): boolean => /UNIQUE constraint|duplicate key/i.test(String((error as Error)?.message));
