import type { ZenStore } from '../store/zen-store.js';
import { buildServer } from './app.js';

/** The server's OpenAPI document, as /api/v1/openapi.json serves it; `npm run build` commits it as docs/openapi.json. */
export async function openApiDocument(): Promise<unknown> {
  // Describing the routes calls no store method: a stand-in that refuses every call will do.
  const store = new Proxy({ url: 'sqlite:' } as ZenStore, {
    get: (target, key) => (key in target ? target[key as keyof ZenStore] : () => Promise.reject(new Error('not a real store'))),
  });
  const app = await buildServer({ store });
  await app.ready();
  const document = app.swagger();
  await app.close();
  return document;
}

/** The document as committed: two-space JSON with a trailing newline. */
export async function openApiText(): Promise<string> {
  return `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
}
