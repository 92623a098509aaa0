/**
 * GET /api/v1/current-user (ZenML's route of that name): the user behind the request's token,
 * for the dashboard's header and for what it shows admins only. A server without auth has no
 * current user and says so.
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../core/errors.js';
import type { ZenStore } from '../store/zen-store.js';
import { API_PREFIX } from '../store/rest/api-routes.js';

export const CURRENT_USER_PATH = `${API_PREFIX}/current-user`;

export function registerCurrentUserRoute(app: FastifyInstance, store: ZenStore): void {
  app.get(CURRENT_USER_PATH, { schema: { tags: ['users'], summary: 'The user the request is made as.', security: [{ bearerAuth: [] }] }, config: { access: 'member' } }, async (request) => {
    if (!request.principal) throw new NotFoundError('This server runs without login: there is no current user.');
    return store.getUser(request.principal.userId);
  });
}
