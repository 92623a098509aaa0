import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { AuthenticationError, AuthorizationError, TooManyLoginsError } from '../../core/auth-errors.js';
import { UsageError } from '../../core/errors.js';
import type { ZenStore } from '../../store/zen-store.js';
import { authorize, type AccessTarget, type Principal, type RouteAccess } from './authorize.js';
import { SessionVerifier } from './sessions.js';
import { issueToken, lifetimeFor, tokenLifetimes, type TokenClaims, type TokenLifetimes } from './tokens.js';
import { declaredRunSecrets } from './workload.js';
import { ownerTarget } from './owner-targets.js';
import { workloadTarget } from './workload-rules.js';

/**
 * What a route declares in its fastify `config` for auth:
 * - access: who may call it (default 'member'); 'admin' is enforced before the handler,
 *   'owner-or-admin' and 'self-or-admin' by the handler calling request.authorize(target);
 * - workload: whether a run's workload token may call it: 'readable' (data any step needs,
 *   e.g. stacks and flavors) or 'run-scoped' (the handler calls request.authorize({ runId }));
 *   without it, workload tokens get 403.
 */
export interface AuthRouteConfig {
  access?: RouteAccess;
  workload?: 'readable' | 'run-scoped';
  /** The ZenStore method behind a store route (the route table sets it); owner-or-admin lookups use it. */
  operation?: string;
}

// `principal` and `access` are declared by the server's own module (src/server/principal.ts);
// this floor reads them through principalOf/routeConfig so the two declarations never clash.
declare module 'fastify' {
  interface FastifyRequest {
    /** Checks the route's access rule against a target (owner, user, run, secret); throws 401/403. */
    authorize(target?: AccessTarget): void;
  }
  interface FastifyContextConfig {
    workload?: AuthRouteConfig['workload'];
  }
}

/** Who made the request (set by the auth hook); undefined only on public routes. */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return (request as unknown as { principal?: Principal }).principal;
}

/** A route's auth config, typed whether or not the server's module declares `access`. */
export function authConfig(config: AuthRouteConfig): FastifyContextConfig {
  return config as unknown as FastifyContextConfig;
}

function routeConfig(request: FastifyRequest): AuthRouteConfig {
  return (request.routeOptions.config ?? {}) as AuthRouteConfig;
}

/** The request's project (header or ?project=, as the store routes read it). */
function projectOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-zenml-project'];
  if (typeof header === 'string' && header) return header;
  const query = request.query as { project?: unknown } | undefined;
  return typeof query?.project === 'string' && query.project ? query.project : undefined;
}

export const LOGIN_PATH = '/api/v1/login';
export const LOGOUT_PATH = '/api/v1/logout';
export const API_TOKEN_PATH = '/api/v1/api_token';
/** Answer without a token: liveness, login, and what a client needs before logging in. */
export const PUBLIC_PATHS: readonly string[] = ['/health', LOGIN_PATH, '/api/v1/info', '/api/v1/openapi.json'];

export interface AuthOptions {
  store: ZenStore;
  secretKey: Uint8Array;
  lifetimes?: TokenLifetimes;
  /** How long an account's active flag is cached (ms); default 2000. */
  sessionCacheMs?: number;
  /** Failed logins allowed per client IP and window before 429; default 10 per minute. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  env?: NodeJS.ProcessEnv;
}

export interface AuthContext {
  sessions: SessionVerifier;
  /** Signs a token for a principal (e.g. a workload token an orchestrator hands to remote steps). */
  issue(claims: TokenClaims, expiresInSeconds?: number): Promise<{ token: string; expiresAt: number }>;
}

interface LoginBody {
  username?: string;
  password?: string;
  api_key?: string;
  grant_type?: string;
}

const loginBodySchema = {
  type: 'object',
  properties: {
    username: { type: 'string', maxLength: 256 },
    password: { type: 'string', maxLength: 1024 },
    api_key: { type: 'string', maxLength: 1024 },
    grant_type: { type: 'string', maxLength: 64 },
  },
  additionalProperties: true,
} as const;

const tokenResponseSchema = {
  type: 'object',
  properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' } },
  required: ['access_token', 'token_type', 'expires_in'],
} as const;

/**
 * Authentication and authorization for the server: login and logout routes, a hook that
 * authenticates every non-public request (request.principal), route access rules, the
 * workload token route, and a per-client limit on failed logins.
 */
export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<AuthContext> {
  const { store, secretKey } = options;
  const lifetimes = options.lifetimes ?? tokenLifetimes(options.env);
  const sessions = new SessionVerifier(store, secretKey, { cacheMs: options.sessionCacheMs });
  const issue: AuthContext['issue'] = async (claims, expiresInSeconds) => issueToken(secretKey, claims, expiresInSeconds ?? lifetimeFor(claims.kind, lifetimes));
  const serverUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

  // Login forms arrive urlencoded (OAuth2 password flow, as ZenML's clients send them).
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
  }

  // Only failures count: the limiter is read before each login and incremented on failure.
  if (!app.hasDecorator('createRateLimit')) await app.register(rateLimit, { global: false });
  const limit = options.loginRateLimit ?? { max: 10, timeWindowMs: 60_000 };
  const failedLogins = app.createRateLimit({ max: limit.max, timeWindow: limit.timeWindowMs, keyGenerator: (request) => `login-failures:${request.ip}` });

  if (!app.hasRequestDecorator('principal')) app.decorateRequest('principal', undefined);
  app.decorateRequest('authorize', function (this: FastifyRequest, target?: AccessTarget) {
    authorize(principalOf(this), routeConfig(this).access ?? 'member', target, serverUrl(this));
  });

  app.addHook('onRequest', async (request) => {
    if (isPublic(request)) return;
    const token = bearerToken(request);
    if (!token) throw new AuthenticationError(`Not logged in: run \`zenml login ${serverUrl(request)}\` first.`);
    (request as unknown as { principal?: Principal }).principal = await sessions.principalFor(token, serverUrl(request));
  });

  app.addHook('preHandler', async (request) => {
    const config = routeConfig(request);
    const access = config.access ?? 'member';
    const principal = principalOf(request);
    if (access === 'public' || !principal) return;
    const params = (request.params ?? {}) as Record<string, string>;
    const scoped = () => store.withScope({ project: projectOf(request), userId: principal.userId });
    if (principal.kind === 'workload' && !config.workload) {
      // Store routes: what the operation touches decides (workload-rules.ts); anything else is refused.
      const target = await workloadTarget(scoped(), config.operation, params, request.body);
      if (!target) throw new AuthorizationError("A run's workload token may not do this.");
      return authorize(principal, access, target, serverUrl(request));
    }
    if (access === 'admin') authorize(principal, 'admin', {}, serverUrl(request));
    // Store routes from the route table name their operation: the owner is looked up here.
    if ((access === 'owner-or-admin' || access === 'self-or-admin') && config.operation && principal.kind !== 'workload' && !principal.isAdmin) {
      const target = await ownerTarget(scoped(), config.operation, params, request.body);
      authorize(principal, access === 'owner-or-admin' && target.userId !== undefined ? 'self-or-admin' : access, target, serverUrl(request));
    }
  });

  app.post<{ Body: LoginBody }>(
    LOGIN_PATH,
    { schema: { body: loginBodySchema, response: { 200: tokenResponseSchema } }, config: authConfig({ access: 'public' }) },
    async (request, reply) => {
      const before = await failedLogins(request, { increment: false });
      if (!before.isAllowed && before.remaining === 0) {
        void reply.header('retry-after', before.ttlInSeconds);
        throw new TooManyLoginsError(before.ttlInSeconds);
      }
      const claims = await checkCredentials(store, request.body ?? {});
      if (!claims) {
        await failedLogins(request);
        throw new AuthenticationError('Wrong username, password or API key.');
      }
      const expiresIn = lifetimeFor(claims.kind, lifetimes);
      const { token } = await issue(claims, expiresIn);
      return { access_token: token, token_type: 'bearer', expires_in: expiresIn };
    },
  );

  const logout = async (request: FastifyRequest, reply: FastifyReply) => {
    const principal = principalOf(request);
    if (principal) await sessions.revoke(principal);
    return reply.code(204).send();
  };
  app.post(LOGOUT_PATH, { config: authConfig({ access: 'member', workload: 'readable' }) }, logout);

  // ZenML's route for tokens other than the login one: a run-scoped workload token for remote steps.
  app.get<{ Querystring: { token_type?: string; pipeline_run_id?: string; expires_minutes?: number } }>(
    API_TOKEN_PATH,
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { token_type: { type: 'string', enum: ['workload'] }, pipeline_run_id: { type: 'string', maxLength: 64 }, expires_minutes: { type: 'integer', minimum: 1, maximum: 7 * 24 * 60 } },
          required: ['pipeline_run_id'],
        },
        // A JSON string, as ZenML answers.
        response: { 200: { type: 'string' } },
      },
      config: authConfig({ access: 'member' }),
    },
    async (request, reply) => {
      const principal = principalOf(request)!;
      const { runId, secrets } = await declaredRunSecrets(store, request.query.pipeline_run_id!);
      const expiresIn = request.query.expires_minutes ? request.query.expires_minutes * 60 : lifetimes.workload;
      const { token } = await issue({ userId: principal.userId, kind: 'workload', isAdmin: false, runId, secrets }, expiresIn);
      // Fastify sends a returned string as text; ZenML's clients expect a JSON string.
      return reply.type('application/json').send(JSON.stringify(token));
    },
  );

  return { sessions, issue };
}

/**
 * The server's auth seam (buildServer's `auth` option): `createAuthSetup({ secretKey })`
 * registers everything above on the app with the server's store.
 */
export function createAuthSetup(options: Omit<AuthOptions, 'store'>): (app: FastifyInstance, context: { store: ZenStore }) => Promise<void> {
  return async (app, context) => {
    await registerAuth(app, { ...options, store: context.store });
  };
}

function isPublic(request: FastifyRequest): boolean {
  if (routeConfig(request).access === 'public') return true;
  const path = request.url.split('?', 1)[0];
  return PUBLIC_PATHS.includes(path);
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The claims a valid login earns, or undefined; unknown users cost the store as much time as known ones. */
async function checkCredentials(store: ZenStore, body: LoginBody): Promise<TokenClaims | undefined> {
  // ZenML sends an API key as the password of a login without a username.
  const apiKey = body.api_key || (!body.username && body.password ? body.password : undefined);
  if (apiKey) {
    const found = await store.verifyApiKey(apiKey);
    if (!found || !found.user.active || !found.apiKey.active) return undefined;
    return { userId: found.user.id, kind: 'service_account', isAdmin: found.user.isAdmin, apiKeyId: found.apiKey.id };
  }
  if (!body.username || body.password === undefined) {
    throw Object.assign(new UsageError('A login needs a username and password, or an API key.'), { statusCode: 400 });
  }
  const user = await store.verifyUserPassword(body.username, body.password);
  if (!user || !user.active || user.isServiceAccount) return undefined;
  return { userId: user.id, kind: 'user', isAdmin: user.isAdmin };
}
