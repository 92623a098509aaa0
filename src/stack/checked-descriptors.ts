import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../core/atomic-file.js';
import { zenmlCacheDir } from '../core/cache-dir.js';
import { nodeCrypto } from '../core/lazy-crypto.js';

/**
 * Fingerprints of the plugin flavor descriptors that passed checkDescriptor, kept in the
 * cache dir. Checking a descriptor compiles its config schema with Ajv, and Ajv's meta-schema
 * before the first (~50 ms for the first plugin, several ms for each other), on every command
 * that lists flavors. A descriptor only changes with its plugin, and its fingerprint with it.
 */
const FILE = 'checked-flavor-descriptors.json';
/** Part of every fingerprint: a change to what checkDescriptor checks must bump it. */
const RULES = 'flavor-descriptor-rules-1';
/** Enough for every plugin a machine has; the oldest go first. */
const MAX_KEPT = 256;

let checked: string[] | undefined;

/**
 * The descriptor's fingerprint: a hash of its JSON, keys sorted. Undefined when JSON would
 * not show all of it (a RegExp, a Date, a class instance, a function other than load and
 * validateStack, a number JSON cannot hold): such a descriptor is checked every time.
 */
export function descriptorFingerprint(candidate: unknown): string | undefined {
  if (!isPlainObject(candidate)) return undefined;
  const { load: _load, validateStack: _validateStack, ...data } = candidate;
  let json: string;
  try {
    json = JSON.stringify(data, (_key, value: unknown) => {
      if (typeof value === 'function' || (typeof value === 'number' && !Number.isFinite(value))) throw new Error('not JSON');
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      if (!isPlainObject(value)) throw new Error('not JSON');
      return Object.fromEntries(Object.keys(value).sort().map((name) => [name, value[name]]));
    });
  } catch {
    return undefined;
  }
  return nodeCrypto().createHash('sha256').update(RULES).update(json).digest('hex');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function checkedBefore(fingerprint: string): boolean {
  checked ??= readChecked();
  return checked.includes(fingerprint);
}

/** Remembers a descriptor that passed; a cache that cannot be written only costs the next check. */
export function rememberChecked(fingerprint: string): void {
  checked ??= readChecked();
  if (checked.includes(fingerprint)) return;
  checked = [...checked, fingerprint].slice(-MAX_KEPT);
  try {
    const dir = zenmlCacheDir();
    mkdirSync(dir, { recursive: true });
    writeFileAtomically(join(dir, FILE), JSON.stringify(checked));
  } catch {
    // A read-only or full cache dir: descriptors are checked each time, as without it.
  }
}

function readChecked(): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(zenmlCacheDir(), FILE), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
