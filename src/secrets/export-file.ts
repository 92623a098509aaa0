import { randomBytes } from 'node:crypto';
import { chmod, link, lstat, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { SecretValues } from './backends.js';

/**
 * Writes values to a file readable by its owner only (JSON for `.json`, else YAML). The file
 * is written whole under a temporary name created exclusively with mode 0600, then put in
 * place in one step: a file replaced with `overwrite` gets mode 0600 whatever it had, a
 * reader never sees half of it, and a symbolic link at the path is refused, never followed
 * (it could point at a file other users can read, or at one the caller did not mean to touch).
 */
export async function writeSecretFile(path: string, values: SecretValues, overwrite: boolean): Promise<string> {
  const target = resolve(path);
  const text = target.endsWith('.json') ? `${JSON.stringify(values, null, 2)}\n` : (await import('../vendor/yaml.js')).stringify(values);
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isSymbolicLink()) throw new UsageError(`${target} is a symbolic link; secret values are never written through one.`, 'Give the path of a regular file (or remove the link).');
  if (existing?.isDirectory()) throw new UsageError(`${target} is a directory.`, 'Give the path of a file.');
  if (existing && !overwrite) throw alreadyExists(target);

  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx' (O_EXCL): never opens something already there, a link planted at this name included.
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The mode asked for at creation is narrowed by the umask only; make it exactly 0600.
    await chmod(temporary, 0o600);
    // rename replaces whatever is at the path (a link put there meanwhile included) without
    // following it; link fails if anything appeared there, so "must not exist" holds.
    if (overwrite) await rename(temporary, target);
    else await link(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && !overwrite) throw alreadyExists(target);
    throw new UsageError(`Cannot write ${target} (${code ?? 'error'}).`, 'Check the directory exists and is writable.');
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return target;
}

function alreadyExists(target: string): UsageError {
  return new UsageError(`${target} already exists.`, 'Pick another file or pass --force.');
}
