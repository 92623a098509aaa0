// `zenml/testing`: conformance suites for plugin and store-backend authors (node:test based).
export { orchestratorConformance } from './orchestrator-conformance.js';
export type { ConformanceOptions } from './orchestrator-conformance.js';
export { artifactStoreConformance } from './artifact-store-conformance.js';
export { conformanceEnvironment } from './environment.js';
export type { ConformanceEnvironment } from './environment.js';
export { zenStoreConformance } from './zen-store-conformance.js';
export type { OpenStore } from './zen-store-conformance.js';
export type { ZenStore } from '../store/zen-store.js';
