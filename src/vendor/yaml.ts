// Bundled into one module at build time like ./kysely.ts: yaml's many files cost ~40 ms per start.
export { parse, stringify } from 'yaml';
