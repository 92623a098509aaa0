import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { SecretValues } from './backends.js';

/** Writes values to a new file readable by its owner only (JSON for `.json`, else YAML). */
export async function writeSecretFile(path: string, values: SecretValues, overwrite: boolean): Promise<string> {
  const target = resolve(path);
  const text = target.endsWith('.json') ? `${JSON.stringify(values, null, 2)}\n` : (await import('../vendor/yaml.js')).stringify(values);
  try {
    await writeFile(target, text, { mode: 0o600, flag: overwrite ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${target} already exists.`, 'Pick another file or pass --force.');
    throw new UsageError(`Cannot write ${target} (${code ?? 'error'}).`, 'Check the directory exists and is writable.');
  }
  return target;
}
