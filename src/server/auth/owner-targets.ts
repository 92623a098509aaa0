import { NotFoundError } from '../../core/errors.js';
import type { ZenStore } from '../../store/zen-store.js';
import type { AccessTarget } from './authorize.js';

type Params = Record<string, string | undefined>;
type Resolver = (store: ZenStore, params: Params, body: unknown) => Promise<AccessTarget>;

const ownerOf = (owner: string | undefined): AccessTarget => ({ ownerId: owner });

async function componentOwner(store: ZenStore, id: string): Promise<AccessTarget> {
  // Components are looked up by type and name; an id alone is found among all of them.
  for (let page = 1; ; page++) {
    const { items, total, size } = await store.listStackComponents({ page, size: 200 });
    const found = items.find((component) => component.id === id);
    if (found) return ownerOf(found.owner);
    if (page * size >= total || items.length === 0) throw new NotFoundError(`No stack component with id '${id}'.`);
  }
}

/**
 * How the store routes marked `owner-or-admin` find what they touch, by operation (the route
 * table's `config.operation`): the owner of a stack, component or secret, or the user a user
 * route is about. Lookups go through the request's scoped store, so another member's private
 * secret is a 404 here exactly as in the handler.
 */
export const OWNER_TARGETS: Record<string, Resolver> = {
  updateStack: async (store, params) => ownerOf((await store.getStack(params.id!)).owner),
  deleteStack: async (store, params) => ownerOf((await store.getStack(params.id!)).owner),
  updateStackComponent: (store, params) => componentOwner(store, params.id!),
  deleteStackComponent: (store, params) => componentOwner(store, params.id!),
  updateSecret: async (store, params) => ownerOf((await store.getSecret(params.id!)).owner),
  deleteSecret: async (store, params) => ownerOf((await store.getSecret(params.id!)).owner),
  updateSecretValues: async (store, params) => ownerOf((await store.getSecret(params.nameOrId!)).owner),
  updateUser: async (store, params, body) => {
    const user = await store.getUser(params.id!);
    const change = (body ?? {}) as { isAdmin?: unknown; active?: unknown };
    // A user may edit their own profile and password, never their own role or status.
    if (change.isAdmin !== undefined || change.active !== undefined) return { userId: `admin-only:${user.id}` };
    return { userId: user.id };
  },
};

/** The access target of an owner-or-admin store route; a route this table does not know is for admins only. */
export async function ownerTarget(store: ZenStore, operation: string | undefined, params: Params, body: unknown): Promise<AccessTarget> {
  const resolve = operation ? OWNER_TARGETS[operation] : undefined;
  return resolve ? resolve(store, params, body) : {};
}
