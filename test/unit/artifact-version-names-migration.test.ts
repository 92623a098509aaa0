// Migration 0005 on a store that already has numbered artifact versions: they keep their
// numbers and order, down restores the old shape, and (after every later migration) new
// named versions fit in beside them.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from '../../src/vendor/kysely.js';
import { migrations } from '../../src/store/sql/migrations/index.js';
import { getArtifactVersion, insertArtifactVersion, listArtifactVersions } from '../../src/store/sql/artifacts.js';
import type { Database } from '../../src/store/sql/schema.js';
import { DEFAULT_SCOPE } from '../../src/store/sql/scope.js';

test('0005 keeps existing version numbers and adds version names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'zenml-migration-'));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withoutForeignKeys(new Sqlite(join(dir, 'zen.db'))) }) });
  try {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    assert.equal((await migrator.migrateTo('0004-durability')).error, undefined);
    await sql`insert into artifacts (id, name, created, updated) values ('a1', 'old', '2024', '2024')`.execute(db);
    for (const version of [1, 2]) {
      await sql`insert into artifact_versions (id, artifact_id, version, uri, artifact_store_id, materializer, data_type, type, created)
        values (${`v${version}`}, 'a1', ${version}, ${`/x/${version}`}, 's', 'zenml.json', 'Array', 'data', ${`2024-0${version}`})`.execute(db);
    }
    assert.equal((await migrator.migrateTo('0005-artifact-version-names')).error, undefined);
    assert.deepEqual((await sql<{ number: number }>`select number from artifact_versions order by position`.execute(db)).rows.map((r) => r.number), [1, 2]);
    assert.equal((await migrator.migrateTo('0004-durability')).error, undefined);
    const rows = await sql<{ version: number }>`select version from artifact_versions order by version`.execute(db);
    assert.deepEqual(rows.rows.map((r) => r.version), [1, 2]);
    assert.equal((await migrator.migrateToLatest()).error, undefined);
    assert.equal((await getArtifactVersion(db, DEFAULT_SCOPE, 'old', 2)).id, 'v2');
    assert.equal((await getArtifactVersion(db, DEFAULT_SCOPE, 'old')).version, 2);
    const base = { uri: '/x/n', artifactStoreId: 's', materializer: 'zenml.json', dataType: 'Array', type: 'data' as const, name: 'old' };
    assert.equal((await insertArtifactVersion(db, DEFAULT_SCOPE, { ...base, id: 'named', version: 'v-alpha' })).version, 'v-alpha');
    assert.equal((await insertArtifactVersion(db, DEFAULT_SCOPE, { ...base, id: 'v3' })).version, 3);
    assert.deepEqual((await listArtifactVersions(db, DEFAULT_SCOPE, { name: 'old' })).items.map((v) => v.version), [3, 'v-alpha', 2, 1]);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Migration 0006 rebuilds tables; the store runs migrations with foreign keys off (database.ts), so does this test. */
function withoutForeignKeys(raw: Sqlite.Database): Sqlite.Database {
  raw.pragma('foreign_keys = OFF');
  return raw;
}
