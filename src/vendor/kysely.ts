// kysely ships ~280 ES modules; loading them costs ~120 ms on every CLI start. The build
// bundles this file into one module (scripts/bundle-vendor.mjs), so import kysely's values
// from here. Type-only imports may use 'kysely' directly.
export * from 'kysely';
