// `zenml/testing`: conformance suites for flavor-plugin authors (node:test based).
export { orchestratorConformance } from './orchestrator-conformance.js';
export type { ConformanceOptions } from './orchestrator-conformance.js';
export { artifactStoreConformance } from './artifact-store-conformance.js';
export { conformanceEnvironment } from './environment.js';
export type { ConformanceEnvironment } from './environment.js';
