import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../stack/flavor-registry.js';

export interface ConformanceEnvironment {
  dir: string;
  /** A working folder whose node_modules/zenml is this package, for pipeline files. */
  cwd: string;
  write(name: string, content: string): string;
  restore(): void;
}

const ISOLATED = ['ZENML_CONFIG_DIR', 'ZENML_CONFIG_PATH', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'ZENML_CACHE_DIR', 'ZENML_ACTIVE_STACK', 'ZENML_ACTIVE_STACK_ID', 'ZENML_STORE_URL'] as const;

/**
 * A fresh config dir and store for one suite, set in process.env so child processes
 * (out-of-process orchestrators) see the same store. The data dir is left alone: that is
 * where linked and installed plugins live.
 */
export function conformanceEnvironment(): ConformanceEnvironment {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-conformance-'));
  const saved = Object.fromEntries(ISOLATED.map((key) => [key, process.env[key]]));
  process.env.ZENML_CONFIG_DIR = join(dir, 'config');
  process.env.XDG_CONFIG_HOME = join(dir, 'xdg', 'config');
  process.env.XDG_CACHE_HOME = join(dir, 'xdg', 'cache');
  process.env.ZENML_CACHE_DIR = join(dir, 'xdg', 'cache', 'zenml');
  delete process.env.ZENML_ACTIVE_STACK;
  delete process.env.ZENML_ACTIVE_STACK_ID;
  delete process.env.ZENML_CONFIG_PATH;
  delete process.env.ZENML_STORE_URL;
  const cwd = join(dir, 'work');
  mkdirSync(join(cwd, 'node_modules'), { recursive: true });
  symlinkSync(packageRoot(), join(cwd, 'node_modules', 'zenml'), 'junction');
  writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'conformance', private: true, type: 'module' }));
  return {
    dir,
    cwd,
    write(name, content) {
      const path = join(cwd, name);
      writeFileSync(path, content);
      return path;
    },
    restore() {
      for (const key of ISOLATED) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
