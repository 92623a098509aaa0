import { homedir } from 'node:os';
import { join } from 'node:path';

/** $ZENML_CACHE_DIR, else $XDG_CACHE_HOME/zenml, else ~/.cache/zenml: what zenml can rebuild at any time. */
export function zenmlCacheDir(): string {
  return process.env.ZENML_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'zenml');
}
