import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version, from its package.json (one level above src/ and dist/ alike). */
export function zenmlVersion(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}

/** `0.1` of `0.1.7`: clients and servers must agree on it. */
export function minorVersion(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
