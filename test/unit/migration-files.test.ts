import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '../../src/store/sql/migrations/index.js';

// Opening a store counts the migration files (src/store/sql/database.ts) to skip loading the
// migrations when it is up to date: every file there must be a listed migration.
test('every migration file is listed in migrations/index.ts and every listed one has a file', () => {
  const dir = join(import.meta.dirname, '..', '..', 'src', 'store', 'sql', 'migrations');
  const files = readdirSync(dir)
    .filter((file) => /^\d{4}-.+\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => file.replace(/\.(js|ts)$/, ''))
    .sort();
  assert.deepEqual(files, Object.keys(migrations).sort());
});
