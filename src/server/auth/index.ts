export { registerAuth, createAuthSetup, principalOf, authConfig, PUBLIC_PATHS, LOGIN_PATH, LOGOUT_PATH, API_TOKEN_PATH, type AuthOptions, type AuthContext, type AuthRouteConfig } from './register-auth.js';
export { authorize, isAuthorized, ROUTE_ACCESS, type AccessTarget, type Principal, type RouteAccess } from './authorize.js';
export { issueToken, verifyToken, tokenLifetimes, DEFAULT_TOKEN_LIFETIMES, type TokenClaims, type TokenLifetimes, type PrincipalKind } from './tokens.js';
export { loadServerSecretKey, SECRET_KEY_VARIABLE } from './secret-key.js';
export { ensureDefaultUser, assertBindAllowed, bindNeedsExistingAdmin, isLoopbackHost, DEFAULT_USER_NAME } from './default-user.js';
export { SessionVerifier } from './sessions.js';
export { declaredRunSecrets } from './workload.js';
export { WORKLOAD_RULES, workloadTarget } from './workload-rules.js';
export { OWNER_TARGETS, ownerTarget } from './owner-targets.js';
