import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes `content` to `path` readable by its owner only (0600), unless the file exists;
 * returns what the file holds afterwards. The file is written under a temporary name and
 * hard-linked into place, so two servers starting at once agree on one value and a reader
 * never sees half of it.
 */
export async function createPrivateFileOnce(path: string, content: string): Promise<{ content: string; created: boolean }> {
  const existing = await readPrivateFile(path);
  if (existing !== undefined) return { content: existing, created: false };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = join(dirname(path), `.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(temporary, content, { mode: 0o600 });
  await chmod(temporary, 0o600);
  try {
    await link(temporary, path);
    return { content, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { content: (await readPrivateFile(path)) ?? content, created: false };
  } finally {
    await rm(temporary, { force: true });
  }
}

export async function readPrivateFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
