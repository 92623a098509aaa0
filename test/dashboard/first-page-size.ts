// What the dashboard's first page loads before it can draw: the scripts index.html names
// (entry and module preloads) and their static imports, gzipped. Shared by the size test and the bench.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_PAGE_JS_BUDGET = 300 * 1024;

export function firstPageScripts(dir: string): string[] {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const named = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map((match) => match[1]);
  // Static imports of those chunks load with them (dynamic import() chunks do not).
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(dir, file), 'utf8');
    for (const match of source.matchAll(/(?:^|[;\s}])import\s*(?:[\w${},\s*]+from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(join('assets', match[1]));
  };
  named.forEach(visit);
  return [...seen];
}

export function firstPageJsGzipped(dir: string): { files: string[]; bytes: number } {
  const files = firstPageScripts(dir);
  return { files, bytes: files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dir, file)), { level: 9 }).length, 0) };
}
