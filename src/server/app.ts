/**
 * The ZenML server: a fastify app over a ZenStore. Routes come from the shared table; auth
 * plugs in through `auth` (src/server/auth registers its hooks there and sets
 * `request.principal`); everything else (health, info, the OpenAPI document, the version
 * handshake, error mapping) lives here. fastify is imported lazily by callers of this module.
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import { minorVersion, zenmlVersion } from '../core/version.js';
import type { ZenStore } from '../store/zen-store.js';
import { API_PREFIX, API_ROUTES, CLIENT_VERSION_HEADER, SERVER_VERSION_HEADER, type ApiRoute } from '../store/rest/api-routes.js';
import type { ErrorBody } from '../store/rest/api-errors.js';
import { errorHandler } from './errors.js';
import { registerStoreRoutes } from './routes.js';
import './principal.js';
import type { ServerSecretsOptions } from './secret-routes.js';

/**
 * Registers authentication and authorization on the app: hooks that set `request.principal`
 * and enforce each route's `config.access`, plus any routes of its own (login). Called before
 * the store's routes are added, on the root instance, so its hooks cover every route.
 */
export type AuthSetup = (app: FastifyInstance, context: { store: ZenStore; routes: readonly ApiRoute[] }) => Promise<void> | void;

export interface ServerOptions {
  store: ZenStore;
  auth?: AuthSetup;
  /** Shown by /api/v1/info (ZenML's auth schemes: NO_AUTH, OAUTH2_PASSWORD_BEARER, ...). */
  authScheme?: string;
  /** The server's version; the package's by default (tests pose as other versions). */
  version?: string;
  /** fastify's logger option; off by default (the daemon turns it on). */
  logger?: FastifyServerOptions['logger'];
  /** Largest request body accepted, in bytes. */
  bodyLimit?: number;
  /** The server's own secrets settings and key; a scratch dir and a per-process key when omitted (in-process tests). */
  secrets?: ServerSecretsOptions;
}

/** A throwaway config dir for a server started without one (tests); removed when the process exits. */
async function scratchDir(): Promise<string> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'zenml-server-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const HEALTH_PATH = '/health';
export const INFO_PATH = `${API_PREFIX}/info`;
export const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

export interface ServerInfo {
  version: string;
  databaseType: string;
  authScheme: string;
  deploymentType: 'local' | 'other';
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const version = options.version ?? zenmlVersion();
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 32 * 1024 * 1024,
    // Names and filter expressions travel in paths; fastify's default cap is 100 characters.
    routerOptions: { maxParamLength: 1024 },
    ajv: { customOptions: { removeAdditional: false, allErrors: false, allowUnionTypes: true } },
  });
  app.decorateRequest('principal', undefined);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: 'NotFoundError', message: `No route ${request.method} ${request.url.split('?')[0]}.`, hint: `See ${OPENAPI_PATH}.`, exitCode: 1 } satisfies ErrorBody);
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(SERVER_VERSION_HEADER, version);
    const client = request.headers[CLIENT_VERSION_HEADER];
    if (typeof client === 'string' && minorVersion(client) !== minorVersion(version)) {
      return reply.code(426).send(versionMismatch(client, version));
    }
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'ZenML', version, description: 'The ZenML server: every ZenStore method as a route under /api/v1.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
  });
  await options.auth?.(app, { store: options.store, routes: API_ROUTES });

  app.get(HEALTH_PATH, { schema: { hide: true }, config: { access: 'public' } }, async () => ({ status: 'ok' }));
  app.get(INFO_PATH, { schema: { tags: ['server'], summary: 'Server version, database and auth scheme.' }, config: { access: 'public' } }, async (): Promise<ServerInfo> => ({
    version,
    databaseType: databaseType(options.store.url),
    authScheme: options.authScheme ?? 'NO_AUTH',
    deploymentType: 'local',
  }));
  // The dashboard (static pages at /) and the current-user route it reads.
  const [{ registerDashboard }, { registerCurrentUserRoute }] = await Promise.all([import('./dashboard-assets.js'), import('./current-user-route.js')]);
  registerCurrentUserRoute(app, options.store);
  const { registerStepLogsRoute } = await import('./step-logs-route.js');
  registerStepLogsRoute(app, options.store, { serverConfigDir: options.secrets?.configDir, secretsKey: options.secrets?.key }, { trustUserHint: options.auth === undefined });
  await registerDashboard(app);
  app.get(OPENAPI_PATH, { schema: { hide: true }, config: { access: 'public' } }, async () => app.swagger());
  const routeOptions = { trustUserHint: options.auth === undefined };
  registerStoreRoutes(app, options.store, routeOptions);
  // One key per process when none is given, shared by the routes that unseal secrets.
  const secrets = { ...(options.secrets ?? { configDir: await scratchDir() }) };
  secrets.key ??= randomBytes(32).toString('hex');
  const { registerSecretRoutes } = await import('./secret-routes.js');
  await registerSecretRoutes(app, options.store, secrets, routeOptions);
  const { registerVisualizationRoutes } = await import('./visualization-routes.js');
  await registerVisualizationRoutes(app, options.store, { secrets }, routeOptions);
  return app;
}

export function versionMismatch(client: string, server: string): ErrorBody {
  const wanted = minorVersion(server);
  return {
    error: 'ZenError',
    message: `This client (zenml ${client}) and the server (${server}) differ in minor version: install zenml@${wanted} to talk to this server, or upgrade the server to ${minorVersion(client)}.`,
    exitCode: 1,
  };
}

function databaseType(url: string): string {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:/.test(url)) return 'postgresql';
  return url.split(':')[0];
}
