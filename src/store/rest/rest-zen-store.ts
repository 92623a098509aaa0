/**
 * The ZenStore of a ZenML server: every method is one HTTP call, built from the shared route
 * table (api-routes.ts). Errors come back as the same ZenError classes with the same
 * messages, so the CLI and the SDK cannot tell it from a local store.
 */
import { ZenError } from '../../core/errors.js';
import type { ArtifactVersionModel, SecretModel, SecretValuesService } from '../../core/entities.js';
import type { StoreScope } from '../../core/identity-entities.js';
import { zenmlVersion } from '../../core/version.js';
import type { StepCompletion, ZenStore } from '../zen-store.js';
import { errorFromBody } from './api-errors.js';
import { API_PREFIX, API_ROUTES, SECRET_VALUE_ROUTES, CLIENT_VERSION_HEADER, PROJECT_HEADER, USER_HINT_HEADER, fillPath, type ApiRoute, type StoreOperation } from './api-routes.js';
import type { JsonSchema } from './api-schemas.js';

/**
 * The bearer token to send, if any; asked before every call so a refreshed token is picked up.
 * Either a function, or an object that can also `renew()` after a 401 (an API key re-exchanged).
 */
export type TokenProvider = (() => string | undefined | Promise<string | undefined>) | { token(): Promise<string>; renew(): Promise<string> };

export interface RestStoreOptions {
  token?: TokenProvider;
  /** The version this client announces; the package's by default (tests pose as other versions). */
  clientVersion?: string;
  scope?: StoreScope;
}

type Values = Record<string, unknown>;
type StoreMethods = Pick<ZenStore, StoreOperation>;

// The class gets one method per route (assigned to its prototype below); this tells the compiler.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface RestZenStore extends StoreMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class RestZenStore implements ZenStore {
  /** The server's root URL, without /api/v1. */
  readonly baseUrl: string;

  constructor(
    readonly url: string,
    private readonly options: RestStoreOptions = {},
  ) {
    this.baseUrl = url.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  }

  get scope(): StoreScope {
    return this.options.scope ?? {};
  }

  /**
   * A view that works in another project. The user is whoever the token says: `userId` travels
   * only as a hint that a server without authentication (tests, in-process) may honour.
   */
  withScope(scope: StoreScope): ZenStore {
    return new RestZenStore(this.url, { ...this.options, scope: { ...this.scope, ...scope } });
  }

  // Connections belong to Node's shared keep-alive pool; nothing to release per store.
  async close(): Promise<void> {}

  /** Secret values live on the server, sealed with its key: they travel as plain values over this connection only. */
  get secretValues(): SecretValuesService {
    const { create, update, get } = SECRET_VALUE_ROUTES;
    return {
      createSecret: (secret) => this.request(create.method, create.path, secret) as Promise<SecretModel>,
      updateSecretValues: (nameOrId, change) => this.request(update.method, update.path.replace(':nameOrId', encodeURIComponent(nameOrId)), change) as Promise<SecretModel>,
      getSecretValues: (nameOrId) => this.request(get.method, get.path.replace(':nameOrId', encodeURIComponent(nameOrId))) as Promise<{ secret: SecretModel; values: Record<string, string> }>,
    };
  }

  // Sealing internals never leave the server (see SERVER_ONLY_OPERATIONS).
  getSecretEncryptedValues = serverOnly;
  ensureSecretsKeyCheck = serverOnly;
  getSecretsKeyCheck = serverOnly;
  revokeToken = serverOnly;
  isTokenRevoked = serverOnly;

  /**
   * A run-scoped workload token (ZenML's GET /api/v1/api_token): what steps running in other
   * processes or machines get instead of this client's own credentials. It reaches only that
   * run's resources and the secrets its steps declared.
   */
  async workloadToken(runId: string): Promise<string> {
    const query = new URLSearchParams({ token_type: 'workload', pipeline_run_id: runId });
    return (await this.request('GET', `/api_token?${query}`)) as string;
  }

  /** One call outside the store's route table (secret values, workload tokens): its decoded JSON answer. */
  request(method: string, path: string, body?: unknown): Promise<unknown> {
    return this.send(method, path, new URLSearchParams(), body);
  }

  /** Sends one store call to the server and decodes its answer. */
  async call(route: ApiRoute, args: unknown[]): Promise<unknown> {
    const { path, query, body } = encodeArguments(route, args);
    const decoded = await this.send(route.method, path, query, body);
    if (decoded === undefined) return undefined;
    switch (route.result) {
      case 'value':
        return (decoded as { value: unknown }).value ?? undefined;
      case 'completion': {
        const { stepRun, registered } = decoded as { stepRun: unknown; registered: ArtifactVersionModel[] };
        (args[1] as StepCompletion).onRegistered?.(registered);
        return stepRun;
      }
      default:
        return decoded;
    }
  }

  /** One HTTP exchange: headers, the token (renewed once after a 401 when it can be), errors as ZenErrors. */
  private async send(method: string, path: string, query: URLSearchParams, body: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json', [CLIENT_VERSION_HEADER]: this.options.clientVersion ?? zenmlVersion() };
    if (this.scope.project) headers[PROJECT_HEADER] = this.scope.project;
    if (this.scope.userId) headers[USER_HINT_HEADER] = this.scope.userId;
    const provider = this.options.token;
    const token = typeof provider === 'function' ? await provider() : await provider?.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const target = `${this.baseUrl}${API_PREFIX}${path}${query.size ? `?${query}` : ''}`;
    const exchange = async () => {
      try {
        return await fetch(target, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      } catch (error) {
        throw unreachable(this.baseUrl, error);
      }
    };

    let response = await exchange();
    if (response.status === 401 && provider && typeof provider !== 'function') {
      // An expired token that can be renewed without a person (an API key): once, then give up.
      await response.arrayBuffer();
      headers.authorization = `Bearer ${await provider.renew()}`;
      response = await exchange();
    }
    if (response.status === 204) return undefined;
    const decoded = parseJson(await response.text());
    if (!response.ok) throw errorFromBody(decoded, `The server at ${this.baseUrl} answered ${method} ${path} with ${response.status} ${response.statusText}.`);
    if (decoded === undefined) throw new ZenError(`The server at ${this.baseUrl} answered ${method} ${path} with something that is not JSON.`);
    return decoded;
  }
}

async function serverOnly(..._args: unknown[]): Promise<never> {
  throw new ZenError('Secret ciphertext, the encryption key check and session revocations stay on the server.', { hint: 'Read secret values with `zenml secret get NAME --reveal`; end a session with `zenml logout`.' });
}

for (const route of API_ROUTES) {
  Object.defineProperty(RestZenStore.prototype, route.operation, {
    value: function (this: RestZenStore, ...args: unknown[]) {
      return this.call(route, args);
    },
    writable: true,
    configurable: true,
  });
}

/** Where each argument goes: path segments, query parameters or the JSON body. */
export function encodeArguments(route: ApiRoute, args: unknown[]): { path: string; query: URLSearchParams; body?: Values } {
  const pathValues: Record<string, string> = {};
  const query = new URLSearchParams();
  let body: Values | undefined;
  route.args.forEach((place, index) => {
    const value = args[index];
    if (place.in === 'path') pathValues[place.name] = String(value);
    else if (place.in === 'query') {
      const entries = place.name === undefined ? Object.entries((value ?? {}) as Values).filter(([key]) => key in place.properties) : [[place.name, value] as const];
      for (const [key, item] of entries) if (item !== undefined) query.set(key, queryValue(item));
    } else if (place.name === undefined) body = prune(value ?? {}, place.schema) as Values;
    else if (value !== undefined) (body ??= {})[place.name] = prune(value, place.schema);
  });
  if (body === undefined && route.method !== 'GET' && route.method !== 'DELETE') body = {};
  return { path: fillPath(route, pathValues), query, body };
}

function queryValue(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/**
 * Drops properties a closed schema does not list, as a local store ignores fields it does not
 * know (callers often pass a wider object); functions (onRegistered) never travel.
 */
function prune(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) return schema.items ? value.map((item) => prune(item, schema.items as JsonSchema)) : value;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (!properties || schema.additionalProperties !== false) return value;
  return Object.fromEntries(Object.entries(value).filter(([key, item]) => key in properties && typeof item !== 'function').map(([key, item]) => [key, prune(item, properties[key])]));
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function unreachable(baseUrl: string, error: unknown): ZenError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (error as Error).message;
  return new ZenError(`Cannot reach the ZenML server at ${baseUrl} (${why}).`, {
    hint: 'Check that it is running (zenml server status) and that the URL is right.',
    cause: error,
  });
}
