import { AuthenticationError, AuthorizationError, sessionExpiredMessage } from '../../core/auth-errors.js';
import type { PrincipalKind } from './tokens.js';

/** The caller of a request, as the auth preHandler found it (request.principal). */
export interface Principal {
  userId: string;
  name: string;
  isAdmin: boolean;
  kind: PrincipalKind;
  /** Workload tokens: the run they belong to. */
  runId?: string;
  /** Workload tokens: the secrets the run's steps declared (names or ids). */
  secrets?: string[];
  /** Service-account logins: the API key behind the session. */
  apiKeyId?: string;
  tokenId: string;
  /** Seconds since the epoch. */
  expiresAt: number;
}

/**
 * Who may call a route, as the route table declares it:
 * - public: anyone, without a token (health, login, server info);
 * - member: any active user or service account;
 * - admin: administrators only (managing users, service accounts);
 * - owner-or-admin: the resource's owner (target.ownerId) or an administrator;
 * - self-or-admin: the user the route is about (target.userId) or an administrator.
 */
export type RouteAccess = 'public' | 'member' | 'admin' | 'owner-or-admin' | 'self-or-admin';

export const ROUTE_ACCESS: readonly RouteAccess[] = ['public', 'member', 'admin', 'owner-or-admin', 'self-or-admin'];

/** What a route knows about the resource it touches, for the access rules that depend on it. */
export interface AccessTarget {
  /** The user who owns the resource (owner-or-admin). */
  ownerId?: string;
  /** The user the route reads or changes (self-or-admin). */
  userId?: string;
  /** The run the resource belongs to: a workload token reaches only its own run's. */
  runId?: string;
  /** A secret being read: a workload token reaches only those its run's steps declared. */
  secret?: { id: string; name: string };
  /** Read-only data every step needs to run (its stack, components, flavors): open to workload tokens. */
  workloadReadable?: boolean;
}

/**
 * Throws 401 without a principal (on a non-public route) and 403 when the principal may not
 * have this access to this target; returns otherwise. Workload tokens never act as a member
 * at large: they reach their run's resources, the secrets it declared, and workload-readable data.
 */
export function authorize(principal: Principal | undefined, access: RouteAccess, target: AccessTarget = {}, serverUrl?: string): void {
  if (access === 'public') return;
  if (!principal) throw new AuthenticationError(`Not logged in: run \`zenml login ${serverUrl ?? '<url>'}\` first.`);
  if (principal.kind === 'workload') return authorizeWorkload(principal, access, target);
  switch (access) {
    case 'member':
      return;
    case 'admin':
      if (principal.isAdmin) return;
      throw new AuthorizationError('Only administrators may do this.');
    case 'owner-or-admin':
      if (principal.isAdmin || (target.ownerId !== undefined && target.ownerId === principal.userId)) return;
      throw new AuthorizationError('Only its owner or an administrator may do this.');
    case 'self-or-admin':
      if (principal.isAdmin || (target.userId !== undefined && target.userId === principal.userId)) return;
      throw new AuthorizationError('Only that user or an administrator may do this.');
    default:
      throw new AuthorizationError(`Unknown route access '${String(access)}'.`);
  }
}

/** The boolean form of authorize, for filtering lists. */
export function isAuthorized(principal: Principal | undefined, access: RouteAccess, target: AccessTarget = {}): boolean {
  try {
    authorize(principal, access, target);
    return true;
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof AuthorizationError) return false;
    throw error;
  }
}

function authorizeWorkload(principal: Principal, access: RouteAccess, target: AccessTarget): void {
  if (access === 'admin' || access === 'self-or-admin') throw new AuthorizationError("A run's workload token may not do this.");
  if (target.runId !== undefined && target.runId === principal.runId) return;
  if (target.secret && principal.secrets?.some((name) => name === target.secret!.name || name === target.secret!.id)) return;
  if (target.workloadReadable && target.runId === undefined && target.secret === undefined) return;
  throw new AuthorizationError("A run's workload token reaches only that run's resources and the secrets its steps declared.");
}
