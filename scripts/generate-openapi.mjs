#!/usr/bin/env node
// Writes docs/openapi.json from the built server (dist/server/openapi.js); part of `npm run build`.
// test/unit/openapi-doc.test.ts fails when the committed file falls behind the routes.
import { writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { openApiText } = await import(join(ROOT, 'dist', 'server', 'openapi.js'));
const target = join(ROOT, 'docs', 'openapi.json');
writeFileSync(`${target}.tmp`, await openApiText());
renameSync(`${target}.tmp`, target);
