import type { Kysely } from 'kysely';

/**
 * Sessions ended before their expiry (logout): the token's id (its `jti`) and when it would
 * have expired anyway, after which the row is useless and purged. Kept in the store so a
 * server restart, or another server process on the same database, refuses them too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('revoked_tokens')
    .addColumn('token_id', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('revoked_tokens_by_expiry').on('revoked_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('revoked_tokens').ifExists().execute();
}
