// The layer rules of ARCHITECTURE.md §2, checked by `npm test` (test/unit/layers.test.ts).
// Each floor may import its own floor and the floors below it, never one above.
const floors = [
  ['core'],
  ['config'],
  ['store'],
  ['context'],
  ['materializers', 'artifacts'],
  ['stack', 'secrets', 'models'],
  ['execution'],
  ['sdk'],
  // The public entry points (zenml, zenml/plugin, zenml/testing) sit on top of the library.
  ['testing', 'index.ts', 'plugin.ts'],
  ['cli', 'server'],
  ['commands'],
];

const path = (names) => `^src/(${names.map((n) => n.replace('.', '\\.')).join('|')})($|/)`;

const upward = floors.flatMap((floor, level) => {
  const above = floors.slice(level + 1).flat();
  if (above.length === 0) return [];
  return [{
    name: `no-upward-from-${floor.join('-').replace('.ts', '')}`,
    comment: `${floor.join(', ')} may not import a floor above it (${above.join(', ')})`,
    severity: 'error',
    from: { path: path(floor) },
    to: { path: path(above) },
  }];
});

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'commands-use-the-client',
      comment: 'commands reach stored data and services through the Client',
      severity: 'error',
      from: { path: '^src/(commands|cli)/' },
      to: { path: '^src/(store|context|execution|stack|secrets|models|artifacts|materializers)/' },
    },
    {
      name: 'server-stays-below-the-cli',
      comment: 'the server is a library floor beside cli: it never imports cli/ or commands/ (commands may import the server)',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(cli|commands)/' },
    },
    {
      name: 'plugins-use-public-exports',
      comment: 'plugins import only zenml, zenml/plugin and zenml/testing',
      severity: 'error',
      from: { path: '^plugins/' },
      to: { path: '^src/' },
    },
    {
      name: 'no-src-outside-src',
      comment: 'nothing in src/ imports tests, benchmarks or scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|/dist/|node_modules)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.d.ts'] },
  },
};
