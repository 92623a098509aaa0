import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { parse, stringify } from '../vendor/yaml.js';
import { ZenError, yamlProblem } from '../core/errors.js';

/**
 * lowdb adapter for a YAML file. Writes go to a temporary file named for this process and
 * then a rename, so a crash never leaves half a config and two processes writing the same
 * file at once (first use of a fresh config dir) never share a temporary file; the last
 * complete write wins.
 */
class YamlFileAdapter<T> implements Adapter<T> {
  constructor(private readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return (parse(text) ?? {}) as T;
    } catch (error) {
      throw new ZenError(`The config file ${this.path} is not valid YAML (${yamlProblem(error)}).`, {
        hint: 'Fix or delete the file and try again.',
      });
    }
  }

  async write(data: T): Promise<void> {
    const dir = dirname(this.path);
    await mkdir(dir, { recursive: true });
    const temporary = join(dir, `.${basename(this.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(temporary, stringify(data));
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}

/** A small YAML document on disk, read and written through lowdb. */
export async function openYamlDocument<T extends object>(path: string, defaults: T): Promise<Low<T>> {
  const db = new Low<T>(new YamlFileAdapter<T>(path), defaults);
  await db.read();
  db.data = { ...defaults, ...(db.data ?? {}) };
  return db;
}
