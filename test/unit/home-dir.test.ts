// A HOME that is set but empty must not put zenml's folders under the working directory.
import assert from 'node:assert/strict';
import { isAbsolute } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { zenmlCacheDir } from '../../src/core/cache-dir.js';
import { configDir } from '../../src/config/paths.js';

const VARIABLES = ['HOME', 'ZENML_CACHE_DIR', 'XDG_CACHE_HOME'] as const;

describe('home folder', () => {
  let saved: Partial<Record<(typeof VARIABLES)[number], string>>;
  beforeEach(() => {
    saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
    for (const name of VARIABLES) delete process.env[name];
  });
  afterEach(() => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  test('with HOME set but empty, the config and cache folders are still absolute', () => {
    process.env.HOME = '';
    const config = configDir({});
    const cache = zenmlCacheDir();
    assert.ok(isAbsolute(config), config);
    assert.ok(isAbsolute(cache), cache);
    assert.match(config, /\.config\/zenml$/);
    assert.match(cache, /\.cache\/zenml$/);
  });

  test('HOME, when set, is where they go', () => {
    process.env.HOME = '/home/someone';
    assert.equal(configDir({}), '/home/someone/.config/zenml');
    assert.equal(zenmlCacheDir(), '/home/someone/.cache/zenml');
  });
});
