/**
 * Centralized secrets: the routes that take and give secret values. The server seals them
 * with its own key in its own database, running the same SecretsManager a local user runs
 * (names, keys, private secrets); a client hands over plain values and keeps nothing.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GlobalConfig } from '../config/global-config.js';
import type { ZenStore } from '../store/zen-store.js';
import { API_PREFIX, SECRET_VALUE_ROUTES } from '../store/rest/api-routes.js';
import { requestScope, type StoreRouteOptions } from './routes.js';
import { serverSecretValues } from './secret-values.js';

export interface ServerSecretsOptions {
  /** Where the server keeps its own config (the secrets backend setting); a temp dir in tests. */
  configDir: string;
  /** The key secret values are sealed with; a random one per process when omitted (in-process tests). */
  key?: string;
}

export async function registerSecretRoutes(app: FastifyInstance, store: ZenStore, options: ServerSecretsOptions, routeOptions: StoreRouteOptions): Promise<void> {
  const config = await GlobalConfig.load({ ZENML_CONFIG_DIR: options.configDir });
  const key = options.key ?? randomBytes(32).toString('hex');
  const serviceFor = (request: FastifyRequest) => {
    const scope = requestScope(request, routeOptions);
    const view = scope.project === undefined && scope.userId === undefined ? store : store.withScope(scope);
    return serverSecretValues({ configDir: options.configDir, config, store: view, secretsKey: key });
  };
  const { create, update, get } = SECRET_VALUE_ROUTES;
  app.route({
    method: create.method,
    url: `${API_PREFIX}${create.path}`,
    schema: { body: create.body, tags: ['secrets'], summary: create.summary, security: [{ bearerAuth: [] }] },
    config: { access: create.access, operation: create.operation },
    handler: (request) => serviceFor(request).createSecret(request.body as { name: string; values: Record<string, string>; private?: boolean }),
  });
  app.route({
    method: update.method,
    url: `${API_PREFIX}${update.path}`,
    schema: { params: update.params, body: update.body, tags: ['secrets'], summary: update.summary, security: [{ bearerAuth: [] }] },
    config: { access: update.access, operation: update.operation },
    handler: (request) => serviceFor(request).updateSecretValues((request.params as { nameOrId: string }).nameOrId, request.body as { values?: Record<string, string>; removeKeys?: string[]; private?: boolean }),
  });
  app.route({
    method: get.method,
    url: `${API_PREFIX}${get.path}`,
    schema: { params: get.params, tags: ['secrets'], summary: get.summary, security: [{ bearerAuth: [] }] },
    config: { access: get.access, operation: get.operation },
    handler: (request) => serviceFor(request).getSecretValues((request.params as { nameOrId: string }).nameOrId),
  });
}
