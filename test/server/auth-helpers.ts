import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import { authConfig, loadServerSecretKey, principalOf, registerAuth, type AuthContext, type AuthOptions } from '../../src/server/auth/index.js';

export interface AuthHarness {
  app: FastifyInstance;
  auth: AuthContext;
  store: ZenStore;
  dir: string;
  /** keepFiles: the store and server key stay, for a restart on the same dir. */
  close(options?: { keepFiles?: boolean }): Promise<void>;
}

/**
 * A fastify app with the auth floor and a few probe routes of each access kind, over a real
 * SQLite store in a temp dir.
 */
export async function authHarness(options: Partial<AuthOptions> & { dir?: string } = {}): Promise<AuthHarness> {
  const { dir = mkdtempSync(join(tmpdir(), 'zenml-auth-')), ...authOptions } = options;
  const store = await openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
  const app = Fastify({ logger: false });
  const secretKey = await loadServerSecretKey(join(dir, 'server'), {});
  const auth = await registerAuth(app, { store, secretKey, sessionCacheMs: 0, ...authOptions });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/api/v1/me', async (request) => principalOf(request));
  app.get('/api/v1/users', { config: authConfig({ access: 'admin' }) }, async () => ({ items: [] }));
  app.get<{ Params: { id: string } }>('/api/v1/runs/:id', { config: authConfig({ access: 'member', workload: 'run-scoped' }) }, async (request) => {
    request.authorize({ runId: request.params.id });
    return { id: request.params.id };
  });
  app.get('/api/v1/stacks', { config: authConfig({ access: 'member', workload: 'readable' }) }, async () => ({ items: [] }));
  // Store-like routes as the route table declares them: the owner is found by operation.
  app.delete('/api/v1/secrets/:id', { config: authConfig({ access: 'owner-or-admin', operation: 'deleteSecret' }) }, async (_request, reply) => reply.code(204).send());
  app.put('/api/v1/users/:id', { config: authConfig({ access: 'owner-or-admin', operation: 'updateUser' }) }, async () => ({ ok: true }));
  const op = (operation: string) => ({ config: authConfig({ access: 'member', operation }) });
  app.get('/api/v1/op/getRun/:nameOrId', op('getRun'), async () => ({ ok: true }));
  app.get('/api/v1/op/getSecret/:nameOrId', op('getSecret'), async () => ({ ok: true }));
  app.get('/api/v1/op/getStack/:nameOrId', op('getStack'), async () => ({ ok: true }));
  app.get('/api/v1/op/listRuns', op('listRuns'), async () => ({ ok: true }));
  await app.ready();
  return {
    app,
    auth,
    store,
    dir,
    async close(options: { keepFiles?: boolean } = {}) {
      await app.close();
      await store.close();
      if (!options.keepFiles) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function login(app: FastifyInstance, body: Record<string, string>, ip = '127.0.0.1'): Promise<{ status: number; token?: string; body: any }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/login', payload: body, remoteAddress: ip });
  const parsed = response.json();
  return { status: response.statusCode, token: parsed.access_token, body: parsed };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
