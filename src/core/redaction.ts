/** What a secret value is replaced with wherever it would leave a step. */
export const REDACTED = '****';

/**
 * Values shorter than this are left alone: replacing every `a` or `42` in a log would make it
 * unreadable and hide nothing (such a value is guessed at once anyway).
 */
export const MIN_REDACTED_LENGTH = 3;

/**
 * The one redactor: every secret value known to a step (or a run) replaced with `****` in
 * any string that leaves it — errors of any type, metadata, logs, names and tags, terminal
 * output. Longer values first, so a value that contains another is replaced whole.
 */
export class Redactor {
  static readonly none = new Redactor([]);

  private readonly values: string[];

  constructor(values: Iterable<string>) {
    this.values = [...new Set(values)].filter((value) => typeof value === 'string' && value.length >= MIN_REDACTED_LENGTH).sort((a, b) => b.length - a.length);
  }

  /** True when there is anything to redact. */
  get active(): boolean {
    return this.values.length > 0;
  }

  /** The length of the longest value: how much of a stream must be held back so that a value cut in two is still caught. */
  get longest(): number {
    return this.values[0]?.length ?? 0;
  }

  /** A redactor knowing these values and more. */
  with(values: Iterable<string>): Redactor {
    return new Redactor([...this.values, ...values]);
  }

  text(text: string): string {
    if (!this.active || typeof text !== 'string') return text;
    let out = text;
    for (const value of this.values) if (out.includes(value)) out = out.split(value).join(REDACTED);
    return out;
  }

  /** A copy of a JSON-like value (metadata, tags) with every string in it, keys included, redacted. */
  value<T>(value: T): T {
    if (!this.active) return value;
    return this.deep(value, new WeakMap()) as T;
  }

  /**
   * Any thrown value with the secrets taken out: an Error keeps its identity and class (its
   * message, stack, cause and inner errors are rewritten), a string becomes the redacted
   * string, a plain object or array a redacted copy.
   */
  error(error: unknown): unknown {
    if (!this.active) return error;
    if (typeof error === 'string') return this.text(error);
    if (error instanceof Error) {
      this.rewriteError(error, new Set());
      return error;
    }
    return this.value(error);
  }

  private rewriteError(error: Error, seen: Set<Error>): void {
    if (seen.has(error)) return;
    seen.add(error);
    try {
      error.message = this.text(error.message);
      if (typeof error.stack === 'string') error.stack = this.text(error.stack);
      for (const key of Object.keys(error)) {
        const field = (error as unknown as Record<string, unknown>)[key];
        if (field instanceof Error) this.rewriteError(field, seen);
        else if (key !== 'errors') (error as unknown as Record<string, unknown>)[key] = this.value(field);
      }
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof Error) this.rewriteError(cause, seen);
      else if (cause !== undefined) (error as { cause?: unknown }).cause = this.error(cause);
      if (error instanceof AggregateError) error.errors = error.errors.map((inner) => (inner instanceof Error ? (this.rewriteError(inner, seen), inner) : this.error(inner)));
    } catch {
      // A frozen error or read-only fields: what cannot be rewritten is caught where it is turned into text.
    }
  }

  private deep(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const copy: unknown[] = [];
      seen.set(value, copy);
      for (const item of value) copy.push(this.deep(item, seen));
      return copy;
    }
    const prototype = Object.getPrototypeOf(value);
    // Class instances (dates, buffers, models) are left as they are: only plain data is walked.
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, unknown> = {};
    seen.set(value, copy);
    for (const [key, item] of Object.entries(value)) copy[this.text(key)] = this.deep(item, seen);
    return copy;
  }
}
