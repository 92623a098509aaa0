import { AlreadyExistsError, NotFoundError } from '../../core/errors.js';
import type { NewSecret, Page, ListFilter, SecretBackendName, SecretModel, SecretUpdate } from '../../core/entities.js';
import type { DbOrTx } from './database.js';
import { fromJson, newId, now, orUndefined, paged, toJson } from './rows.js';
import type { SecretsTable } from './schema.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { inProject, type SqlScope } from './scope.js';
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';

/**
 * Private secrets are their owner's alone: everyone else (a view without a user included)
 * sees them as missing, never as forbidden.
 */
function visibleIn<O>(query: SelectQueryBuilder<Database, 'secrets', O>, scope: SqlScope): SelectQueryBuilder<Database, 'secrets', O> {
  const inScope = query.where('project_id', '=', scope.projectId);
  return inScope.where((eb) => eb.or([eb('private', '=', 0), eb('owner', 'is', null), ...(scope.userId ? [eb('owner', '=', scope.userId)] : [])]));
}

const KEY_CHECK = 'encryption_key_check';

const toSecret = (row: SecretsTable): SecretModel => ({
  id: row.id,
  name: row.name,
  keys: fromJson<string[]>(row.keys, []),
  owner: orUndefined(row.owner),
  private: row.private === 1,
  backend: row.backend as SecretBackendName,
  created: row.created,
  updated: row.updated,
});

const isUniqueViolation = (error: unknown) => /UNIQUE constraint|duplicate key/i.test(String((error as Error)?.message));
const duplicate = (name: string) => new AlreadyExistsError(`A secret named '${name}' already exists.`, `Pick another name, or change it with \`zenml secret update ${name}\`.`);

export async function createSecret(db: DbOrTx, scope: SqlScope, secret: NewSecret): Promise<SecretModel> {
  const stamp = now();
  const row: SecretsTable = {
    id: secret.id ?? newId(),
    name: secret.name,
    keys: toJson([...secret.keys].sort()),
    owner: secret.owner ?? scope.userId,
    private: secret.private ? 1 : 0,
    backend: secret.backend,
    encrypted_values: secret.encryptedValues ?? null,
    project_id: scope.projectId,
    created: stamp,
    updated: stamp,
  };
  try {
    await db.insertInto('secrets').values(row).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(secret.name);
    throw error;
  }
  return toSecret(row);
}

export async function getSecret(db: DbOrTx, scope: SqlScope, nameOrId: string): Promise<SecretModel> {
  // A name wins over an id, so a secret named like another's id still resolves by name.
  const notFound = () => new NotFoundError(`No secret named '${nameOrId}'.`, 'See `zenml secret list`, or create it with `zenml secret create`.');
  const id = await idOfNameIdOrPrefix(db, 'secrets', nameOrId, { kind: 'secret', notFound, scope: inProject(scope) });
  const row = await visibleIn(db.selectFrom('secrets').selectAll(), scope).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return toSecret(row);
}

export async function listSecrets(db: DbOrTx, scope: SqlScope, request: ListFilter = {}): Promise<Page<SecretModel>> {
  const query = whereFilters(visibleIn(db.selectFrom('secrets').selectAll(), scope), { name: request.name, created: request.created }, { name: 'name', created: { column: 'created', date: true } });
  return paged(query, request, (q) => orderedBy(q, request.sortBy, { name: 'name', created: 'created', updated: 'updated' }, 'id', (d) => d.orderBy('name')), toSecret);
}

export async function updateSecret(db: DbOrTx, scope: SqlScope, id: string, update: SecretUpdate): Promise<SecretModel> {
  const values: Partial<SecretsTable> = { updated: now() };
  if (update.name !== undefined) values.name = update.name;
  if (update.keys !== undefined) values.keys = toJson([...update.keys].sort());
  if (update.private !== undefined) values.private = update.private ? 1 : 0;
  if (update.backend !== undefined) values.backend = update.backend;
  if (update.encryptedValues !== undefined) values.encrypted_values = update.encryptedValues;
  await getSecret(db, scope, id);
  try {
    const result = await db.updateTable('secrets').set(values).where('id', '=', id).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(`No secret with id '${id}'.`);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(update.name ?? id);
    throw error;
  }
  return getSecret(db, scope, id);
}

export async function deleteSecret(db: DbOrTx, scope: SqlScope, id: string): Promise<void> {
  // Another user's private secret is missing to this view, for a delete as for a read (admins included).
  await getSecret(db, scope, id);
  await db.deleteFrom('secrets').where('id', '=', id).where('project_id', '=', scope.projectId).execute();
}

export async function getSecretEncryptedValues(db: DbOrTx, scope: SqlScope, id: string): Promise<string | undefined> {
  const row = await visibleIn(db.selectFrom('secrets').select('encrypted_values'), scope).where('id', '=', id).executeTakeFirst();
  return row?.encrypted_values ?? undefined;
}

export async function getSecretsKeyCheck(db: DbOrTx): Promise<string | undefined> {
  const row = await db.selectFrom('secrets_settings').select('value').where('key', '=', KEY_CHECK).executeTakeFirst();
  return row?.value;
}

export async function ensureSecretsKeyCheck(db: DbOrTx, check: string): Promise<string> {
  await db.insertInto('secrets_settings').values({ key: KEY_CHECK, value: check }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSecretsKeyCheck(db))!;
}
