import type { DbOrTx } from './database.js';
import { now } from './rows.js';

/** Records a session ended before its expiry, and drops the records of sessions that have expired since. */
export async function revokeToken(db: DbOrTx, tokenId: string, expiresAt: string): Promise<void> {
  const stamp = now();
  await db.deleteFrom('revoked_tokens').where('expires_at', '<', stamp).execute();
  await db.insertInto('revoked_tokens').values({ token_id: tokenId, expires_at: expiresAt, created: stamp }).onConflict((oc) => oc.column('token_id').doNothing()).execute();
}

export async function isTokenRevoked(db: DbOrTx, tokenId: string): Promise<boolean> {
  return (await db.selectFrom('revoked_tokens').select('token_id').where('token_id', '=', tokenId).executeTakeFirst()) !== undefined;
}
