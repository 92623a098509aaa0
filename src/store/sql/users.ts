import { AlreadyExistsError, NotFoundError, UsageError } from '../../core/errors.js';
import type { Page } from '../../core/entities.js';
import type { NewUser, UserFilter, UserModel, UserUpdate } from '../../core/identity-entities.js';
import type { DbOrTx } from './database.js';
import { hashPassword, passwordMatches } from './credentials.js';
import { idOfNameIdOrPrefix, orderedBy, whereFilters } from './filters.js';
import { newId, now, orUndefined, paged } from './rows.js';
import type { UsersTable } from './schema.js';

export const toUser = (row: UsersTable): UserModel => ({
  id: row.id,
  name: row.name,
  fullName: orUndefined(row.full_name),
  email: orUndefined(row.email),
  description: orUndefined(row.description),
  isAdmin: row.is_admin === 1,
  active: row.active === 1,
  isServiceAccount: row.is_service_account === 1,
  created: row.created,
  updated: row.updated,
});

const isUniqueViolation = (error: unknown) => /UNIQUE constraint|duplicate key/i.test(String((error as Error)?.message));
const kindOf = (serviceAccount: boolean) => (serviceAccount ? 'service account' : 'user');
const listCommand = (serviceAccount: boolean) => (serviceAccount ? 'zenml service-account list' : 'zenml user list');

function checkName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/.test(name)) {
    throw new UsageError(`'${name}' is not a valid name.`, 'Use letters, digits, and _ . @ - (up to 128 characters, starting with a letter or digit).');
  }
}

export async function createUser(db: DbOrTx, user: NewUser): Promise<UserModel> {
  checkName(user.name);
  const serviceAccount = user.isServiceAccount ?? false;
  if (serviceAccount && user.password !== undefined) throw new UsageError('A service account has no password.', 'It logs in with an API key: `zenml service-account api-key <account> create <name>`.');
  const stamp = now();
  const row: UsersTable = {
    id: newId(),
    name: user.name,
    full_name: user.fullName ?? null,
    email: user.email ?? null,
    description: user.description ?? null,
    password_hash: user.password === undefined ? null : await hashPassword(user.password),
    is_admin: user.isAdmin ? 1 : 0,
    is_service_account: serviceAccount ? 1 : 0,
    active: user.active === false ? 0 : 1,
    created: stamp,
    updated: stamp,
  };
  try {
    await db.insertInto('users').values(row).execute();
  } catch (error) {
    // Users and service accounts share one namespace, as in ZenML.
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A user or service account named '${user.name}' already exists.`, 'Pick another name.');
    throw error;
  }
  return toUser(row);
}

/** By name, id or unique id prefix; `serviceAccount` narrows to one kind (a user is not found as a service account). */
export async function getUserRow(db: DbOrTx, nameOrId: string, serviceAccount?: boolean): Promise<UsersTable> {
  const kind = serviceAccount === undefined ? 'user' : kindOf(serviceAccount);
  const notFound = () => new NotFoundError(`No ${kind} named or with id '${nameOrId}'.`, `See \`${listCommand(serviceAccount === true)}\`.`);
  const scope = serviceAccount === undefined ? undefined : { is_service_account: serviceAccount ? '1' : '0' };
  const id = await idOfNameIdOrPrefix(db, 'users', nameOrId, { kind, notFound, scope });
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getUser(db: DbOrTx, nameOrId: string): Promise<UserModel> {
  return toUser(await getUserRow(db, nameOrId));
}

export async function listUsers(db: DbOrTx, filter: UserFilter = {}): Promise<Page<UserModel>> {
  let query = whereFilters(db.selectFrom('users').selectAll(), { name: filter.name, created: filter.created }, { name: 'name', created: { column: 'created', date: true } });
  if (filter.isServiceAccount !== undefined) query = query.where('is_service_account', '=', filter.isServiceAccount ? 1 : 0);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active ? 1 : 0);
  return paged(query, filter, (q) => orderedBy(q, filter.sortBy, { name: 'name', created: 'created', updated: 'updated' }, 'id', (d) => d.orderBy('created').orderBy('id')), toUser);
}

export async function updateUser(db: DbOrTx, id: string, update: UserUpdate): Promise<UserModel> {
  const current = await getUserRow(db, id);
  const values: Partial<UsersTable> = { updated: now() };
  if (update.name !== undefined) {
    checkName(update.name);
    values.name = update.name;
  }
  if (update.password !== undefined) {
    if (current.is_service_account === 1) throw new UsageError('A service account has no password.', 'Rotate its API key instead.');
    values.password_hash = await hashPassword(update.password);
  }
  if (update.fullName !== undefined) values.full_name = update.fullName;
  if (update.email !== undefined) values.email = update.email;
  if (update.description !== undefined) values.description = update.description;
  if (update.isAdmin !== undefined) values.is_admin = update.isAdmin ? 1 : 0;
  if (update.active !== undefined) values.active = update.active ? 1 : 0;
  try {
    await db.updateTable('users').set(values).where('id', '=', current.id).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AlreadyExistsError(`A user or service account named '${update.name}' already exists.`, 'Pick another name.');
    throw error;
  }
  return getUser(db, current.id);
}

/** Deletes the user (a service account: with its API keys). What they created stays, with their id as owner. */
export async function deleteUser(db: DbOrTx, id: string): Promise<void> {
  const row = await getUserRow(db, id);
  await db.deleteFrom('api_keys').where('service_account_id', '=', row.id).execute();
  await db.deleteFrom('users').where('id', '=', row.id).execute();
}

/** Same work (one scrypt) whether the user is unknown, a service account, inactive or real. */
export async function verifyUserPassword(db: DbOrTx, name: string, password: string): Promise<UserModel | undefined> {
  const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
  const matches = await passwordMatches(password, row?.is_service_account === 0 ? row.password_hash : undefined);
  return matches && row && row.active === 1 ? toUser(row) : undefined;
}
