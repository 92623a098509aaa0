import type { ComponentType } from './component-types.js';

/** What a component implementation gets when it is built for use. */
export interface ComponentContext {
  id: string;
  name: string;
  /** The component's config with secret references resolved. */
  config: Record<string, unknown>;
  /** The global config directory, for defaults such as local folders. */
  configDir: string;
}

/** What a flavor's lazily loaded module provides. */
export interface FlavorImplementation<T = unknown> {
  create(context: ComponentContext): T | Promise<T>;
}

/**
 * A flavor: one implementation of a component type. Descriptors are cheap to list; the
 * implementation is imported by `load()` only when a component of this flavor is used.
 */
export interface FlavorDescriptor<T = unknown> {
  name: string;
  type: ComponentType;
  description: string;
  /** JSON Schema of the component config. */
  configSchema: Record<string, unknown>;
  docsUrl?: string;
  load(): Promise<FlavorImplementation<T>>;
  /**
   * Vetoes a stack this flavor cannot work in (e.g. a remote orchestrator with a local
   * artifact store) without importing the implementation. Returns the reason, or undefined.
   */
  validateStack?(stack: StackValidationInput): string | undefined;
  /** The oclif plugin that contributed the flavor; filled in by the registry. */
  plugin?: string;
}

/** What a `zenml:flavors` hook returns. */
export type FlavorHookResult = FlavorDescriptor<any>[];

/** The parts of a stack a validator looks at. */
export interface StackValidationInput {
  name: string;
  /** Component type → its name, flavor and config (secret references unresolved). */
  components: Partial<Record<ComponentType, { name: string; flavor: string; config: Record<string, unknown> }>>;
  /** Kept for orchestrators written against the first interface. */
  artifactStore: { flavor: string };
}
