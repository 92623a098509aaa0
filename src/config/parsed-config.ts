// Every command reads the global config.yaml, and parsing even a few lines of YAML meant
// loading the YAML library (~120 KB of code) and running its parser cold: ~10–15 ms of each
// start. The file stays YAML (ZenML's format, edited by hand); beside it zenml keeps the
// parsed mapping as JSON together with the exact text it came from. A read whose text is
// that text takes the JSON; any other text (an edit by hand, another version's write) is
// parsed as YAML and the copy renewed. The copy is never trusted for anything but that text.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PRIVATE_FILE_MODE } from '../core/private-files.js';

interface ParsedCopy {
  text: string;
  value: object;
}

/** `.config.yaml.parsed.json` beside `config.yaml`: the same folder, so the same privacy. */
export function parsedCopyPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.parsed.json`);
}

/** The mapping `text` parses to, if the copy beside `path` was made from exactly this text. */
export function readParsedCopy(path: string, text: string): object | undefined {
  try {
    const copy = JSON.parse(readFileSync(parsedCopyPath(path), 'utf8')) as Partial<ParsedCopy>;
    if (copy.text === text && isMapping(copy.value)) return copy.value;
  } catch {
    // No copy yet, or an unreadable one: parse the YAML.
  }
  return undefined;
}

/**
 * Keeps `value` (what `text` parsed to) beside `path`, written under a temporary name and
 * renamed over, 0600 like the config itself. Only values JSON gives back unchanged are kept
 * (a YAML `.inf` or `.nan` would come back as null). A copy that cannot be written (a
 * read-only folder) only costs the next read its parse.
 */
export function keepParsedCopy(path: string, text: string, value: object): void {
  if (!isJsonSafe(value)) return;
  const target = parsedCopyPath(path);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify({ text, value } satisfies ParsedCopy), { mode: PRIVATE_FILE_MODE });
    renameSync(temporary, target);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing more to do for a cache.
    }
  }
}

function isMapping(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Plain mappings, lists, strings, finite numbers, booleans and null: what JSON round-trips. */
function isJsonSafe(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonSafe);
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(([key, item]) => key !== '__proto__' && isJsonSafe(item));
}
