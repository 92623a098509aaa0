import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { stringify } from '../vendor/yaml.js';
import { nodeCrypto } from '../core/lazy-crypto.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../core/private-files.js';
import { parseConfigMapping, readConfigText } from './config-file.js';

/**
 * lowdb adapter for a YAML file. Writes go to a temporary file named for this process and
 * then a rename, so a crash never leaves half a config and two processes writing the same
 * file at once (first use of a fresh config dir) never share a temporary file; the last
 * complete write wins.
 */
class YamlFileAdapter<T> implements Adapter<T> {
  constructor(
    private readonly path: string,
    private readonly fix: string,
  ) {}

  async read(): Promise<T | null> {
    const text = await readConfigText(this.path, this.fix);
    if (text === undefined) return null;
    return parseConfigMapping<T & object>(text, this.path, this.fix);
  }

  async write(data: T): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const temporary = join(dir, `.${basename(this.path)}.${process.pid}.${nodeCrypto().randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, stringify(data), { mode: PRIVATE_FILE_MODE });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

/**
 * A small YAML document on disk, read and written through lowdb. A file that exists but is
 * not a YAML mapping is refused with `fix` as the hint; it is never rewritten.
 */
export async function openYamlDocument<T extends object>(path: string, defaults: T, fix = `Fix ${path}, or move it aside to start afresh.`): Promise<Low<T>> {
  const db = new Low<T>(new YamlFileAdapter<T>(path, fix), defaults);
  await db.read();
  db.data = { ...defaults, ...(db.data ?? {}) };
  return db;
}
