import { join } from 'node:path';
import { homeDir } from './home-dir.js';

/** $ZENML_CACHE_DIR, else $XDG_CACHE_HOME/zenml, else ~/.cache/zenml: what zenml can rebuild at any time. */
export function zenmlCacheDir(): string {
  return process.env.ZENML_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homeDir(), '.cache'), 'zenml');
}
