import type { Access } from '../store/rest/api-routes.js';

import type { Principal } from './auth/authorize.js';

/** Who a request acts as, set by the auth plugin (src/server/auth) before the handler runs. */
export type { Principal };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Who may call the route (from the route table); the auth plugin enforces it. */
    access?: Access;
    /** The ZenStore method behind the route, when it is one. */
    operation?: string;
  }
}
