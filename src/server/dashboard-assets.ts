/**
 * The dashboard: the static build of dashboard/ (written to dist/dashboard by `npm run build`),
 * served at `/` with @fastify/static. Its own URLs (`/runs/<id>`, `/pipelines/<id>`, ...) answer
 * index.html so a reload or a shared link opens the right page; the API stays under /api/v1 and
 * unknown paths keep their JSON 404. Every route here is public: the page itself holds no data,
 * the browser logs in through /api/v1/login and sends its token to the API.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** The client-side routes of the dashboard (the test contract's URLs and their lists). */
export const DASHBOARD_PAGES = ['/', '/login', '/runs', '/pipelines', '/artifacts', '/models', '/stacks', '/secrets', '/settings'] as const;

/** dist/dashboard, whether this module runs from dist/server (built) or src/server (tsx). */
export function dashboardDir(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'dashboard'), join(here, '..', '..', 'dist', 'dashboard')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ZenML</title></head><body><main><h1>ZenML</h1><p>The dashboard is not built: run <code>npm run build</code> in the zenml package (after an install that kept optional dependencies: Vite's bundler is one), then restart the server. The API is at <a href="/api/v1/openapi.json">/api/v1</a>.</p></main></body></html>`;

export async function registerDashboard(app: FastifyInstance): Promise<void> {
  const root = dashboardDir();
  const config = { access: 'public' } as const;
  const schema = { hide: true };
  const page = (reply: FastifyReply) => {
    void reply.header('cache-control', 'no-cache');
    return root ? reply.sendFile('index.html') : reply.type('text/html').send(NOT_BUILT);
  };
  if (root) {
    const { default: fastifyStatic } = await import('@fastify/static');
    // Hashed file names: cached for good; index.html is always revalidated.
    await app.register(fastifyStatic, { root, serve: false });
    app.get('/assets/*', { schema, config }, (request, reply) => {
      const file = (request.params as { '*': string })['*'];
      return reply.sendFile(join('assets', file), { immutable: true, maxAge: '365d' });
    });
    app.get('/favicon.svg', { schema, config }, (_request, reply) => reply.sendFile('favicon.svg'));
  }
  for (const prefix of DASHBOARD_PAGES) {
    app.get(prefix, { schema, config }, (_request, reply) => page(reply));
    if (prefix !== '/') app.get(`${prefix}/*`, { schema, config }, (_request, reply) => page(reply));
  }
}
