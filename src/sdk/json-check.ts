import { UsageError } from '../core/errors.js';
import { describeType } from '../materializers/registry.js';

/** Parameters are stored with the step run and hashed into cache keys, so they must be plain JSON. */
export function assertJsonSerializable(value: unknown, what: string, path = ''): void {
  const where = path ? `${what} (at ${path})` : what;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new UsageError(`${where} is ${value}, which JSON cannot hold.`, 'Pass a finite number, or produce the value in a step so it becomes an artifact.');
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertJsonSerializable(item, what, `${path}[${index}]`));
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      for (const [key, item] of Object.entries(value as object)) assertJsonSerializable(item, what, path ? `${path}.${key}` : key);
      return;
    }
  }
  throw new UsageError(
    `${where} is ${withArticle(describeType(value))}, which is not JSON-serializable.`,
    'Parameters must be JSON values; produce other values in a step so they become artifacts.',
  );
}

/** `an Object`, `an undefined`, `a Map`, `a Uint8Array`. */
function withArticle(noun: string): string {
  return `${/^([aeio]|u(?!int|ri|se))/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
