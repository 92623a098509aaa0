import { UsageError } from '../core/errors.js';
import { describeType } from '../materializers/registry.js';

/** Parameters are stored with the step run and hashed into cache keys, so they must be plain JSON. */
export function assertJsonSerializable(value: unknown, what: string): void {
  try {
    checkValue(value, what, [], new Set());
  } catch (error) {
    // Nesting deep enough to exhaust the stack here would exhaust it again in JSON.stringify.
    if (error instanceof RangeError) throw new UsageError(`${what} is nested too deeply to be stored as JSON.`, 'Flatten it, or produce it in a step so it becomes an artifact.');
    throw error;
  }
}

/**
 * `path` holds the keys from the root to `value` (`a`, `[1]`), joined only for a message, and
 * `ancestors` the objects on that path: meeting one again is a cycle.
 */
function checkValue(value: unknown, what: string, path: string[], ancestors: Set<object>): void {
  const where = () => (path.length > 0 ? `${what} (at ${path.join('').replace(/^\./, '')})` : what);
  if (typeof value === 'object' && value !== null && ancestors.has(value)) {
    // Checked before descending: walking a cycle would otherwise end in "Maximum call stack size exceeded".
    throw new UsageError(`${where()} refers back to itself (a circular object), which JSON cannot hold.`, 'Pass a plain value without cycles, or produce the object in a step so it becomes an artifact.');
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return;
    throw new UsageError(`${where()} is ${value}, which JSON cannot hold.`, 'Pass a finite number, or produce the value in a step so it becomes an artifact.');
  }
  if (Array.isArray(value)) {
    ancestors.add(value);
    value.forEach((item, index) => {
      path.push(`[${index}]`);
      checkValue(item, what, path, ancestors);
      path.pop();
    });
    ancestors.delete(value);
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      ancestors.add(value);
      for (const [key, item] of Object.entries(value as object)) {
        path.push(`.${key}`);
        checkValue(item, what, path, ancestors);
        path.pop();
      }
      ancestors.delete(value);
      return;
    }
  }
  throw new UsageError(
    `${where()} is ${withArticle(describeType(value))}, which is not JSON-serializable.`,
    'Parameters must be JSON values; produce other values in a step so they become artifacts.',
  );
}

/** `an Object`, `an undefined`, `a Map`, `a Uint8Array`. */
function withArticle(noun: string): string {
  return `${/^([aeio]|u(?!int|ri|se))/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
