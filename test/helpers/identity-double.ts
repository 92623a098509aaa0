// TEST DOUBLE, temporary: the SQL store answers 'not yet' for users and API keys until the
// identity branch (issue 11) merges. This wraps a real SQLite store and answers ONLY the
// identity methods the auth floor uses, in memory, with the same promises the ZenStore
// contract makes (scrypt hashes, equal time for unknown users, hashed keys). Delete it and
// use the real store once identity lands.
import { createHash, randomBytes, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { AlreadyExistsError, NotFoundError } from '../../src/core/errors.js';
import type { ApiKeyModel, ApiKeyUpdate, NewUser, UserModel, UserUpdate } from '../../src/core/identity-entities.js';
import type { ZenStore } from '../../src/store/zen-store.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

export function withIdentityDouble(store: ZenStore): ZenStore {
  const users = new Map<string, UserModel & { hash?: Buffer; salt?: Buffer }>();
  const keys = new Map<string, ApiKeyModel & { digest: string }>();
  const dummySalt = randomBytes(16);
  const now = () => new Date().toISOString();
  const find = (nameOrId: string) => {
    const user = users.get(nameOrId) ?? [...users.values()].find((u) => u.name === nameOrId);
    if (!user) throw new NotFoundError(`No user '${nameOrId}'.`);
    return user;
  };
  const publicUser = ({ hash: _h, salt: _s, ...user }: UserModel & { hash?: Buffer; salt?: Buffer }): UserModel => ({ ...user });
  const publicKey = ({ digest: _d, ...key }: ApiKeyModel & { digest: string }): ApiKeyModel => ({ ...key });
  const findKey = (serviceAccountId: string, nameOrId: string) => {
    const key = [...keys.values()].find((k) => k.serviceAccountId === serviceAccountId && (k.id === nameOrId || k.name === nameOrId));
    if (!key) throw new NotFoundError(`No API key '${nameOrId}'.`);
    return key;
  };
  const newKey = () => `ZENKEY_${randomBytes(24).toString('base64url')}`;
  const digest = (key: string) => createHash('sha256').update(key).digest('hex');

  const identity: Partial<ZenStore> = {
    async createUser(request: NewUser) {
      if ([...users.values()].some((u) => u.name === request.name)) throw new AlreadyExistsError(`User '${request.name}' exists.`);
      const salt = randomBytes(16);
      const user = {
        id: randomUUID(), name: request.name, isAdmin: request.isAdmin ?? false, active: request.active ?? true,
        isServiceAccount: request.isServiceAccount ?? false, created: now(), updated: now(),
        salt, hash: request.password === undefined ? undefined : await scryptAsync(request.password, salt, 32),
      };
      users.set(user.id, user);
      return publicUser(user);
    },
    getUser: async (nameOrId: string) => publicUser(find(nameOrId)),
    listUsers: async () => ({ items: [...users.values()].map(publicUser), total: users.size, page: 1, size: 50 }),
    async updateUser(id: string, update: UserUpdate) {
      const user = find(id);
      if (update.active !== undefined) user.active = update.active;
      if (update.isAdmin !== undefined) user.isAdmin = update.isAdmin;
      if (update.password !== undefined) user.hash = await scryptAsync(update.password, user.salt!, 32);
      return publicUser(user);
    },
    async deleteUser(id: string) {
      users.delete(find(id).id);
    },
    async verifyUserPassword(name: string, password: string) {
      const user = [...users.values()].find((u) => u.name === name);
      // The same scrypt work whether or not the user exists.
      const hash = await scryptAsync(password, user?.salt ?? dummySalt, 32);
      if (!user?.hash || !user.active || !timingSafeEqual(hash, user.hash)) return undefined;
      return publicUser(user);
    },
    async createApiKey(serviceAccountId: string, request: { name: string; description?: string }) {
      find(serviceAccountId);
      const key = newKey();
      const model = { id: randomUUID(), name: request.name, serviceAccountId, active: true, created: now(), updated: now(), digest: digest(key) };
      keys.set(model.id, model);
      return { apiKey: publicKey(model), key };
    },
    getApiKey: async (serviceAccountId: string, nameOrId: string) => publicKey(findKey(serviceAccountId, nameOrId)),
    async updateApiKey(serviceAccountId: string, nameOrId: string, update: ApiKeyUpdate) {
      const key = findKey(serviceAccountId, nameOrId);
      if (update.active !== undefined) key.active = update.active;
      return publicKey(key);
    },
    async verifyApiKey(key: string) {
      const found = [...keys.values()].find((k) => k.digest === digest(key));
      if (!found || !found.active) return undefined;
      const user = users.get(found.serviceAccountId);
      if (!user?.active) return undefined;
      return { user: publicUser(user), apiKey: publicKey(found) };
    },
  };
  return new Proxy(store, { get: (target, property, receiver) => (property in identity ? identity[property as keyof ZenStore] : Reflect.get(target, property, receiver)) });
}
