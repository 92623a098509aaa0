import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { REPOSITORY_DIR } from './paths.js';
import { openYamlDocument } from './yaml-file.js';

export interface RepositoryConfigData {
  activeStack?: string;
}

/** Finds the nearest `.zen/` folder walking up from `start`, or undefined. */
export function findRepositoryRoot(start: string = process.cwd()): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, REPOSITORY_DIR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export async function initRepository(root: string): Promise<{ root: string; created: boolean }> {
  const dir = join(resolve(root), REPOSITORY_DIR);
  const created = !existsSync(dir);
  await mkdir(dir, { recursive: true });
  const doc = await openYamlDocument<RepositoryConfigData>(join(dir, 'config.yaml'), {});
  await doc.write();
  return { root: resolve(root), created };
}

export async function readRepositoryConfig(root: string) {
  return openYamlDocument<RepositoryConfigData>(join(root, REPOSITORY_DIR, 'config.yaml'), {});
}
