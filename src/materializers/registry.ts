import { ZenError } from '../core/errors.js';
import { processSingleton } from '../core/process-state.js';
import { builtinMaterializers } from './builtins/index.js';
import { structuredCloneObstacle } from './builtins/structured.js';
import type { Materializer } from '../core/materializer.js';

/**
 * Materializers are chosen by asking each, in order, whether it can handle a value.
 * Registered (custom) materializers are asked before the built-ins, newest first, so a
 * user can override how any type is stored.
 */
class MaterializerRegistry {
  private readonly custom: Materializer[] = [];
  private readonly byId = new Map<string, Materializer>();

  constructor(private readonly builtins: readonly Materializer[]) {
    for (const materializer of builtins) this.byId.set(materializer.id, materializer);
  }

  register(materializer: Materializer): void {
    const existing = this.custom.findIndex((m) => m.id === materializer.id);
    if (existing >= 0) this.custom.splice(existing, 1);
    this.custom.unshift(materializer);
    this.byId.set(materializer.id, materializer);
  }

  forValue(value: unknown): Materializer {
    for (const materializer of this.custom) if (materializer.canHandle(value)) return materializer;
    for (const materializer of this.builtins) if (materializer.canHandle(value)) return materializer;
    const found = value !== null && typeof value === 'object' ? structuredCloneObstacle(value) : undefined;
    // Name what is inside a container (a class instance at the top is already the type).
    const inside = found?.includes(' at ') ? found : undefined;
    throw new ZenError(`No materializer can store a value of type ${describeType(value)}${inside ? `: it holds ${inside}` : ''}.`, {
      hint: 'Return a JSON value, a TypedArray, a Buffer or an Arrow table, or register a materializer for this type with registerMaterializer().',
    });
  }

  find(id: string): Materializer | undefined {
    return this.byId.get(id);
  }

  byIdOrThrow(id: string): Materializer {
    const materializer = this.byId.get(id);
    if (!materializer) {
      throw new ZenError(`The materializer '${id}' is not registered in this process.`, {
        hint: 'Import the module that calls registerMaterializer() for it before loading the artifact.',
      });
    }
    return materializer;
  }

  all(): Materializer[] {
    return [...this.custom, ...this.builtins];
  }
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'Object (null prototype)';
  return typeof value;
}

export const materializers = processSingleton('materializers', () => new MaterializerRegistry(builtinMaterializers));

/** Makes a custom materializer available to steps and to loadArtifact() in this process. */
export function registerMaterializer(materializer: Materializer): void {
  materializers.register(materializer);
}
