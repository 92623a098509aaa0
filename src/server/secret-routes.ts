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
  type Change = { values?: Record<string, string>; removeKeys?: string[]; private?: boolean };
  const nameOrId = (request: FastifyRequest) => (request.params as { nameOrId: string }).nameOrId;
  const handlers: Record<keyof typeof SECRET_VALUE_ROUTES, (request: FastifyRequest) => Promise<unknown>> = {
    create: (request) => serviceFor(request).createSecret(request.body as { name: string; values: Record<string, string>; private?: boolean }),
    update: (request) => serviceFor(request).updateSecretValues(nameOrId(request), request.body as Change),
    get: (request) => serviceFor(request).getSecretValues(nameOrId(request)),
  };
  for (const [kind, route] of Object.entries(SECRET_VALUE_ROUTES) as Array<[keyof typeof SECRET_VALUE_ROUTES, (typeof SECRET_VALUE_ROUTES)[keyof typeof SECRET_VALUE_ROUTES]]>) {
    app.route({
      method: route.method,
      url: `${API_PREFIX}${route.path}`,
      schema: { ...('params' in route ? { params: route.params } : {}), ...('body' in route ? { body: route.body } : {}), tags: ['secrets'], summary: route.summary, security: [{ bearerAuth: [] }] },
      config: { access: route.access, operation: route.operation },
      handler: handlers[kind],
    });
  }
}
