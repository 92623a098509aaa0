// docs/openapi.json is written by `npm run build` (scripts/generate-openapi.mjs); this fails when
// the committed document falls behind the route table, so the published API cannot go stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/sandbox.js';
import { openApiText } from '../../src/server/openapi.js';
import { API_PREFIX, API_ROUTES } from '../../src/store/rest/api-routes.js';

test('docs/openapi.json is exactly what the server generates', async () => {
  const committed = readFileSync(join(REPO_ROOT, 'docs', 'openapi.json'), 'utf8');
  assert.ok(committed === (await openApiText()), 'docs/openapi.json is stale: run `npm run build` and commit docs/openapi.json.');
});

test('the document has every route of the table, with its operation id and request schemas', async () => {
  const document = JSON.parse(await openApiText()) as { paths: Record<string, Record<string, { operationId?: string; parameters?: unknown[] }>> };
  for (const route of API_ROUTES) {
    const path = `${API_PREFIX}${route.path}`.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths[path]?.[route.method.toLowerCase()];
    assert.ok(operation, `${route.method} ${path} is missing`);
    assert.equal(operation.operationId, route.operation);
  }
});
