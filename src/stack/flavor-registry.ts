import { ZenError } from '../errors.js';
import { builtinFlavors } from './builtin/builtin-flavors.js';
import type { FlavorDescriptor } from './flavor.js';

/** Every flavor known to this process, by component type and name. */
export class FlavorRegistry {
  constructor(private readonly flavors: FlavorDescriptor[]) {}

  list(type?: string): FlavorDescriptor[] {
    return this.flavors.filter((flavor) => !type || flavor.type === type);
  }

  get(type: string, name: string): FlavorDescriptor {
    const flavor = this.flavors.find((f) => f.type === type && f.name === name);
    if (!flavor) {
      const known = this.list(type).map((f) => f.name);
      throw new ZenError(`Unknown ${type} flavor '${name}'.`, {
        hint: known.length ? `Known flavors: ${known.join(', ')}; install a plugin for others (zenml plugins install).` : 'Install a flavor plugin for this component type (zenml plugins install).',
      });
    }
    return flavor;
  }
}

let registry: Promise<FlavorRegistry> | undefined;

export function loadFlavorRegistry(): Promise<FlavorRegistry> {
  registry ??= Promise.resolve(new FlavorRegistry(builtinFlavors));
  return registry;
}
