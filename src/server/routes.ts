/**
 * The store's routes, registered from the shared table (src/store/rest/api-routes.ts): each
 * handler picks the method's arguments out of the request and calls the store, as the
 * request's project and principal see it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StepCompletion, ZenStore } from '../store/zen-store.js';
import type { ArtifactVersionModel } from '../core/entities.js';
import { UsageError } from '../core/errors.js';
import { API_PREFIX, API_ROUTES, PROJECT_HEADER, USER_HINT_HEADER, requestSchemas, type ApiRoute, type ArgPlace } from '../store/rest/api-routes.js';

type Values = Record<string, unknown>;
type StoreMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * Creates whose body may name an owner: on a server with auth the owner is always the caller
 * (a client's own idea of its user, a local name or id, means nothing here and must not let
 * anyone plant a resource on someone else).
 */
const OWNED_CREATES = new Set<string>(['createStack', 'createStackComponent', 'createSecret']);

export interface StoreRouteOptions {
  /** No auth plugin: the caller's `x-zenml-user` hint names the acting user (in-process tests only). */
  trustUserHint?: boolean;
}

export function registerStoreRoutes(app: FastifyInstance, store: ZenStore, options: StoreRouteOptions = {}): void {
  for (const route of API_ROUTES) {
    app.route({
      method: route.method,
      url: `${API_PREFIX}${route.path}`,
      schema: {
        ...requestSchemas(route),
        ...(route.response ? { response: { 200: route.response } } : {}),
        tags: [route.tag],
        summary: route.summary,
        operationId: route.operation,
        ...(route.access === 'public' ? {} : { security: [{ bearerAuth: [] }] }),
      },
      config: { access: route.access, operation: route.operation },
      handler: async (request, reply) => {
        const view = scopedStore(store, request, options);
        const args = route.args.map((place) => argument(place, request));
        if (request.principal && OWNED_CREATES.has(route.operation)) args[0] = { ...(args[0] as Values), owner: request.principal.userId };
        if (route.result === 'completion') return completeStep(view, args);
        if (route.reusableAnswer && view.cachedRead) {
          // Many clients polling the same page: the serialized answer is sent again until a write.
          const key = `answer ${route.operation} ${view.scope.project ?? ''} ${request.url}`;
          const body = await view.cachedRead(key, async () => reply.serialize(await (view[route.operation] as StoreMethod).apply(view, args)) as string);
          return reply.type('application/json; charset=utf-8').send(body);
        }
        const result = await (view[route.operation] as StoreMethod).apply(view, args);
        if (route.result === 'void') return reply.code(204).send();
        if (route.result === 'value') return { value: result ?? null };
        return result;
      },
    });
  }
}

/** The project travels as a header (or `?project=`); the user is whoever the auth plugin says. */
export function requestScope(request: FastifyRequest, options: StoreRouteOptions = {}): { project?: string; userId?: string } {
  const header = request.headers[PROJECT_HEADER];
  const project = (typeof header === 'string' && header ? header : undefined) ?? (request.query as Values | undefined)?.project;
  const hint = options.trustUserHint ? request.headers[USER_HINT_HEADER] : undefined;
  const userId = request.principal?.userId ?? (typeof hint === 'string' && hint ? hint : undefined);
  return { project: typeof project === 'string' && project ? project : undefined, userId };
}

function scopedStore(store: ZenStore, request: FastifyRequest, options: StoreRouteOptions): ZenStore {
  const scope = requestScope(request, options);
  return scope.project === undefined && scope.userId === undefined ? store : store.withScope(scope);
}

function argument(place: ArgPlace, request: FastifyRequest): unknown {
  switch (place.in) {
    case 'path':
      return (request.params as Values)[place.name];
    case 'query': {
      const query = (request.query ?? {}) as Values;
      if (place.name !== undefined) return finite(place.name, query[place.name]);
      return Object.fromEntries(Object.keys(place.properties).filter((key) => query[key] !== undefined).map((key) => [key, finite(key, query[key])]));
    }
    case 'body': {
      const body = request.body as Values | undefined;
      return place.name === undefined ? (body ?? {}) : body?.[place.name];
    }
  }
}

/** ajv coerces `1e9999` in a query string to Infinity and lets it through as an integer. */
function finite(key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new UsageError(`Invalid request: querystring/${key} must be a finite number.`);
  return value;
}

/** The versions a completion registers go back with the step run, for the caller's onRegistered. */
async function completeStep(store: ZenStore, [id, completion]: unknown[]): Promise<unknown> {
  let registered: ArtifactVersionModel[] = [];
  const stepRun = await store.completeStepRun(id as string, { ...(completion as StepCompletion), onRegistered: (versions) => (registered = versions) });
  return { stepRun, registered };
}

export function routeKey(route: ApiRoute): string {
  return `${route.method} ${API_PREFIX}${route.path}`;
}
