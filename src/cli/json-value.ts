import { ZenError } from '../core/errors.js';

export const MAX_ARRAY_ITEMS = 1000;

export interface JsonView {
  value: unknown;
  /** Set when something was shortened or converted, e.g. `typed array truncated to 1000 of 4096 items`. */
  notes: string[];
}

/**
 * A loaded artifact value as plain JSON for `artifact inspect --load`: Map → entries,
 * Set → array, Date → ISO string, bigint and non-finite numbers → strings, typed arrays →
 * arrays (long ones truncated, with a note). Anything else that is not plain data is refused
 * with one line, rather than printing a lossy `{}`.
 */
export function toJsonView(input: unknown): JsonView {
  const notes: string[] = [];
  const seen = new Set<object>();

  const convert = (value: unknown, path: string): unknown => {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        return Number.isFinite(value) ? value : String(value);
      case 'bigint':
        return value.toString();
      case 'undefined':
        return null;
      case 'object':
        break;
      default:
        throw notRepresentable(typeof value, path);
    }
    if (value === null) return null;
    if (seen.has(value)) throw notRepresentable('a circular structure', path);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const array = value as unknown as ArrayLike<number | bigint>;
      const kept = Math.min(array.length, MAX_ARRAY_ITEMS);
      if (array.length > MAX_ARRAY_ITEMS) notes.push(`${value.constructor.name}${path ? ` at ${path}` : ''} truncated to ${MAX_ARRAY_ITEMS} of ${array.length} items`);
      const out: unknown[] = new Array(kept);
      for (let i = 0; i < kept; i += 1) out[i] = convert(array[i], path);
      return out;
    }
    if (value instanceof ArrayBuffer) return convert(new Uint8Array(value), path);
    seen.add(value);
    try {
      if (value instanceof Map) return [...value].map(([k, v], i) => [convert(k, `${path}[${i}][0]`), convert(v, `${path}[${i}][1]`)]);
      if (value instanceof Set) return [...value].map((v, i) => convert(v, `${path}[${i}]`));
      if (Array.isArray(value)) return value.map((v, i) => convert(v, `${path}[${i}]`));
      if (isArrowTable(value)) return arrowRows(value, path);
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw notRepresentable(`${instanceOf(value.constructor?.name ?? 'class')}`, path);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, path ? `${path}.${k}` : k)]));
    } finally {
      seen.delete(value);
    }
  };

  const arrowRows = (table: ArrowTableLike, path: string) => {
    const kept = Math.min(table.numRows, MAX_ARRAY_ITEMS);
    if (table.numRows > MAX_ARRAY_ITEMS) notes.push(`Arrow table${path ? ` at ${path}` : ''} truncated to ${MAX_ARRAY_ITEMS} of ${table.numRows} rows`);
    return table.slice(0, kept).toArray().map((row, i) => convert(row?.toJSON ? row.toJSON() : row, `${path}[${i}]`));
  };

  return { value: convert(input, ''), notes };
}

interface ArrowTableLike {
  numRows: number;
  schema: unknown;
  slice(begin: number, end: number): ArrowTableLike;
  toArray(): Array<{ toJSON?: () => unknown } | null>;
}

function isArrowTable(value: object): value is ArrowTableLike {
  const candidate = value as Partial<ArrowTableLike>;
  return typeof candidate.numRows === 'number' && candidate.schema !== undefined && typeof candidate.slice === 'function' && typeof candidate.toArray === 'function';
}

function notRepresentable(what: string, path: string): ZenError {
  return new ZenError(`The value is not JSON-representable: ${what}${path ? ` at ${path}` : ''} has no JSON form.`, {
    hint: 'Inspect it without --load, or load it in code with loadArtifact().',
  });
}

/** `a Model instance`, `an Estimator instance`. */
function instanceOf(name: string): string {
  return `${/^([aeio]|u(?!int|ri|se))/i.test(name) ? 'an' : 'a'} ${name} instance`;
}
