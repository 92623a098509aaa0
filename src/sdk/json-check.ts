import { UsageError } from '../core/errors.js';
import { describeType } from '../materializers/registry.js';

/** Parameters are stored with the step run and hashed into cache keys, so they must be plain JSON. */
export function assertJsonSerializable(value: unknown, what: string, path = '', ancestors: object[] = []): void {
  const where = path ? `${what} (at ${path})` : what;
  if (typeof value === 'object' && value !== null && ancestors.includes(value)) {
    // Checked before descending: walking a cycle would otherwise end in "Maximum call stack size exceeded".
    throw new UsageError(`${where} refers back to itself (a circular object), which JSON cannot hold.`, 'Pass a plain value without cycles, or produce the object in a step so it becomes an artifact.');
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new UsageError(`${where} is ${value}, which JSON cannot hold.`, 'Pass a finite number, or produce the value in a step so it becomes an artifact.');
  }
  if (Array.isArray(value)) {
    const inside = [...ancestors, value];
    value.forEach((item, index) => assertJsonSerializable(item, what, `${path}[${index}]`, inside));
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const inside = [...ancestors, value];
      for (const [key, item] of Object.entries(value as object)) assertJsonSerializable(item, what, path ? `${path}.${key}` : key, inside);
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
