// Builds the dashboard (dashboard/) with Vite into dist/dashboard, which the server serves at `/`.
// Vite's bundler ships its native code as an optional dependency, so an install made with
// --omit=optional (the clean-clone check: no keytar) has none: the package is then built without
// its dashboard, and the server's `/` says how to get it, rather than the whole build failing.
const MISSING_BINDING = /Cannot find native binding|Cannot find module '@rolldown\/binding/;

try {
  const { build } = await import('vite');
  await build({ configFile: 'dashboard/vite.config.ts', logLevel: 'warn' });
} catch (error) {
  const text = `${error?.message ?? error} ${error?.cause?.message ?? ''}`;
  if (!MISSING_BINDING.test(text)) throw error;
  console.warn('Dashboard not built: Vite\'s native bundler (an optional dependency) is not installed. Install without --omit=optional to build it; everything else works without it.');
}
