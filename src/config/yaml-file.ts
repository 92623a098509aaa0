import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { nodeCrypto } from '../core/lazy-crypto.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../core/private-files.js';
import { parseConfigMapping, readConfigText } from './config-file.js';
import { keepParsedCopy, readParsedCopy } from './parsed-config.js';

/** A small YAML document on disk, read and written through lowdb: its settings, and a write that saves them. */
export type YamlDocument<T> = Low<T>;

export interface YamlDocumentOptions {
  /** Keep a parsed copy beside the file (parsed-config.ts), for a file every command reads. */
  keepParsed?: boolean;
}

/**
 * lowdb adapter for a YAML file. Writes go to a temporary file named for this process and
 * then a rename, so a crash never leaves half a config and two processes writing the same
 * file at once (first use of a fresh config dir) never share a temporary file; the last
 * complete write wins.
 */
class YamlFileAdapter<T extends object> implements Adapter<T> {
  constructor(
    private readonly path: string,
    private readonly fix: string,
    private readonly options: YamlDocumentOptions,
  ) {}

  async read(): Promise<T | null> {
    const text = await readConfigText(this.path, this.fix);
    if (text === undefined) return null;
    const copy = this.options.keepParsed ? (readParsedCopy(this.path, text) as T | undefined) : undefined;
    if (copy !== undefined) return copy;
    const parsed = await parseConfigMapping<T>(text, this.path, this.fix);
    if (this.options.keepParsed) keepParsedCopy(this.path, text, parsed);
    return parsed;
  }

  async write(data: T): Promise<void> {
    // The YAML library loads only to write or to parse a changed file (parsed-config.ts).
    const { parse, stringify } = await import('../vendor/yaml.js');
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const temporary = join(dir, `.${basename(this.path)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
    const text = stringify(data);
    try {
      await writeFile(temporary, text, { mode: PRIVATE_FILE_MODE });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    // What the next read will parse, parsed now that the library is loaded anyway.
    if (this.options.keepParsed) keepParsedCopy(this.path, text, parse(text) as object);
  }
}

/**
 * A small YAML document on disk. A file that exists but is not a YAML mapping is refused
 * with `fix` as the hint; it is never rewritten.
 */
export async function openYamlDocument<T extends object>(
  path: string,
  defaults: T,
  fix = `Fix ${path}, or move it aside to start afresh.`,
  options: YamlDocumentOptions = {},
): Promise<YamlDocument<T>> {
  const db = new Low<T>(new YamlFileAdapter<T>(path, fix, options), defaults);
  await db.read();
  db.data = { ...defaults, ...(db.data ?? {}) };
  return db;
}
