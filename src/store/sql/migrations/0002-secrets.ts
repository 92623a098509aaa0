import type { Kysely } from 'kysely';

/**
 * Secret metadata (names, keys, owner) plus, for the `sql` backend, the AES-256-GCM
 * ciphertext of the values. `secrets_settings` holds the encryption key check, so a wrong
 * key is detected before anything is written with it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('private', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('encrypted_values', 'text')
    .addColumn('created', 'text', (c) => c.notNull())
    .addColumn('updated', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('secrets_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('secrets_settings').execute();
  await db.schema.dropTable('secrets').execute();
}
