import { AlreadyExistsError, NotFoundError, UsageError } from '../../core/errors.js';
import type { ListFilter, Page } from '../../core/entities.js';
import type { ApiKeyModel, ApiKeyUpdate, ApiKeyWithSecret, UserModel } from '../../core/identity-entities.js';
import type { DbOrTx } from './database.js';
import { keyHashMatches, newApiKey, parseApiKey } from './credentials.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { newId, now, orUndefined, paged } from './rows.js';
import type { ApiKeysTable } from './schema.js';
import { getUserRow, toUser } from './users.js';

const toApiKey = (row: ApiKeysTable): ApiKeyModel => ({
  id: row.id,
  name: row.name,
  serviceAccountId: row.service_account_id,
  description: orUndefined(row.description),
  active: row.active === 1,
  created: row.created,
  updated: row.updated,
  lastLogin: orUndefined(row.last_login),
  lastRotated: orUndefined(row.last_rotated),
});

const isUniqueViolation = (error: unknown) => /UNIQUE constraint|duplicate key/i.test(String((error as Error)?.message));

const serviceAccountId = async (db: DbOrTx, nameOrId: string) => (await getUserRow(db, nameOrId, true)).id;

export async function createApiKey(db: DbOrTx, account: string, request: { name: string; description?: string }): Promise<ApiKeyWithSecret> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(request.name)) throw new UsageError(`'${request.name}' is not a valid API key name.`, 'Use letters, digits, _ . and -.');
  const accountId = await serviceAccountId(db, account);
  const stamp = now();
  const id = newId();
  const { key, hash } = newApiKey(id);
  const row: ApiKeysTable = {
    id,
    service_account_id: accountId,
    name: request.name,
    description: request.description ?? null,
    key_hash: hash,
    previous_key_hash: null,
    retain_until: null,
    active: 1,
    last_login: null,
    last_rotated: null,
    created: stamp,
    updated: stamp,
  };
  try {
    await db.insertInto('api_keys').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`The service account already has an API key named '${request.name}'.`, 'Pick another name, or rotate that key.');
    throw error;
  }
  return { apiKey: toApiKey(row), key };
}

async function apiKeyRow(db: DbOrTx, account: string, nameOrId: string): Promise<ApiKeysTable> {
  const accountId = await serviceAccountId(db, account);
  const notFound = () => new NotFoundError(`No API key named or with id '${nameOrId}' on service account '${account}'.`, `See \`zenml service-account api-key ${account} list\`.`);
  const id = await idOfNameIdOrPrefix(db, 'api_keys', nameOrId, { kind: 'API key', notFound, scope: { service_account_id: accountId } });
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getApiKey(db: DbOrTx, account: string, nameOrId: string): Promise<ApiKeyModel> {
  return toApiKey(await apiKeyRow(db, account, nameOrId));
}

export async function listApiKeys(db: DbOrTx, account: string, filter: ListFilter & { active?: boolean } = {}): Promise<Page<ApiKeyModel>> {
  const accountId = await serviceAccountId(db, account);
  let query = whereFilters(db.selectFrom('api_keys').selectAll().where('service_account_id', '=', accountId), { name: filter.name, created: filter.created }, { name: 'name', created: { column: 'created', date: true } });
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  return paged(query, filter, (q) => orderedBy(q, filter.sortBy, { name: 'name', created: 'created', updated: 'updated' }, 'id', (d) => d.orderBy('created').orderBy('id')), toApiKey);
}

export async function updateApiKey(db: DbOrTx, account: string, nameOrId: string, update: ApiKeyUpdate): Promise<ApiKeyModel> {
  const row = await apiKeyRow(db, account, nameOrId);
  const values: Partial<ApiKeysTable> = { updated: now() };
  if (update.name !== undefined) values.name = update.name;
  if (update.description !== undefined) values.description = update.description;
  if (update.active !== undefined) values.active = update.active ? 1 : 0;
  try {
    await db.updateTable('api_keys').set(values).where('id', '=', row.id).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`The service account already has an API key named '${update.name}'.`, 'Pick another name.');
    throw error;
  }
  return getApiKey(db, row.service_account_id, row.id);
}

/** A new secret for the key; the old one keeps working for `retainMinutes` (0: stops at once). Run inside a write transaction. */
export async function rotateApiKey(db: DbOrTx, account: string, nameOrId: string, options: { retainMinutes?: number } = {}): Promise<ApiKeyWithSecret> {
  const retain = options.retainMinutes ?? 0;
  if (!Number.isFinite(retain) || retain < 0) throw new UsageError(`--retain ${retain} is not a number of minutes.`, 'Pass 0 or more minutes.');
  const row = await apiKeyRow(db, account, nameOrId);
  const stamp = new Date();
  const { key, hash } = newApiKey(row.id);
  await db
    .updateTable('api_keys')
    .set({
      key_hash: hash,
      previous_key_hash: retain > 0 ? row.key_hash : null,
      retain_until: retain > 0 ? new Date(stamp.getTime() + retain * 60_000).toISOString() : null,
      last_rotated: stamp.toISOString(),
      updated: stamp.toISOString(),
    })
    .where('id', '=', row.id)
    .execute();
  return { apiKey: await getApiKey(db, row.service_account_id, row.id), key };
}

export async function deleteApiKey(db: DbOrTx, account: string, nameOrId: string): Promise<void> {
  const row = await apiKeyRow(db, account, nameOrId);
  await db.deleteFrom('api_keys').where('id', '=', row.id).execute();
}

/** The active service account and key behind a key string; records the login. */
export async function verifyApiKey(db: DbOrTx, key: string): Promise<{ user: UserModel; apiKey: ApiKeyModel } | undefined> {
  const parsed = parseApiKey(key);
  if (!parsed) return undefined;
  const row = await db.selectFrom('api_keys').selectAll().where('id', '=', parsed.apiKeyId).executeTakeFirst();
  if (!row || row.active !== 1) return undefined;
  const stamp = now();
  const current = keyHashMatches(parsed.secret, row.key_hash);
  const retained = !current && row.retain_until !== null && row.retain_until > stamp && keyHashMatches(parsed.secret, row.previous_key_hash);
  if (!current && !retained) return undefined;
  const account = await db.selectFrom('users').selectAll().where('id', '=', row.service_account_id).executeTakeFirst();
  if (!account || account.active !== 1) return undefined;
  await db.updateTable('api_keys').set({ last_login: stamp }).where('id', '=', row.id).execute();
  return { user: toUser(account), apiKey: toApiKey({ ...row, last_login: stamp }) };
}
