import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DataFile } from 'lowdb/node';
import { parse, stringify } from '../vendor/yaml.js';
import { ZenError, yamlProblem } from '../errors.js';

/**
 * A small YAML document on disk, read and written through lowdb. lowdb's DataFile
 * writes through a temporary file and a rename, so a crash never leaves half a config.
 */
export async function openYamlDocument<T extends object>(path: string, defaults: T): Promise<Low<T>> {
  const adapter = new DataFile<T>(path, {
    parse: (text) => {
      try {
        return (parse(text) ?? {}) as T;
      } catch (error) {
        throw new ZenError(`The config file ${path} is not valid YAML (${yamlProblem(error)}).`, {
          hint: 'Fix or delete the file and try again.',
        });
      }
    },
    stringify: (data) => stringify(data),
  });
  const db = new Low<T>(adapter, defaults);
  await db.read();
  db.data = { ...defaults, ...(db.data ?? {}) };
  const write = db.write.bind(db);
  db.write = async () => {
    await mkdir(dirname(path), { recursive: true });
    await write();
  };
  return db;
}
