import type { ArtifactStore } from '../core/artifact-store.js';
import { ZenError } from '../core/errors.js';
import type { StackComponentModel, StackModel } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';
import { REQUIRED_COMPONENT_TYPES } from './component-types.js';
import { checkStackFlavors } from './stack-flavor-check.js';
import type { FlavorRegistry } from './flavor-registry.js';
import type { Orchestrator } from './orchestrator.js';
import { loadFlavorImplementation } from './flavor-load.js';

/** Resolves `{{secret.key}}` references in a component config at the moment it is used. */
export type SecretResolver = (config: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A stack ready to run on: its components, built lazily from their flavors. */
export class Stack {
  private readonly instances = new Map<string, Promise<unknown>>();

  constructor(
    readonly model: StackModel,
    readonly components: Record<string, StackComponentModel>,
    private readonly flavors: FlavorRegistry,
    private readonly configDir: string,
    private readonly resolveSecrets: SecretResolver = async (config) => config,
  ) {}

  static async load(store: ZenStore, nameOrId: string, flavors: FlavorRegistry, configDir: string, resolveSecrets?: SecretResolver): Promise<Stack> {
    // One call with its components (one request to a server).
    const { stack, components } = await store.getHydratedStack(nameOrId);
    return new Stack(stack, components, flavors, configDir, resolveSecrets);
  }

  /** Checks required components, that every flavor is installed, and lets each flavor veto the combination. */
  async validate(): Promise<void> {
    for (const type of REQUIRED_COMPONENT_TYPES) {
      if (!this.components[type]) {
        throw new ZenError(`Stack '${this.model.name}' has no ${type.replace(/_/g, ' ')}.`, { hint: `Add one with \`zenml stack update ${this.model.name} --${type.replace(/_/g, '-')} <name>\`.` });
      }
    }
    const input = checkStackFlavors(this.model.name, this.components, this.flavors, true);
    const orchestrator = await this.orchestrator();
    const problem = orchestrator.validate?.(input);
    if (problem) throw new ZenError(`Stack '${this.model.name}' is not valid: ${problem}`);
  }

  orchestrator(): Promise<Orchestrator> {
    return this.component<Orchestrator>('orchestrator');
  }

  artifactStore(): Promise<ArtifactStore> {
    return this.component<ArtifactStore>('artifact_store');
  }

  /** The component of this type when the stack has one (an image builder, a container registry), else undefined. */
  optionalComponent<T>(type: string): Promise<T | undefined> {
    return this.components[type] ? this.component<T>(type) : Promise.resolve(undefined);
  }

  component<T>(type: string): Promise<T> {
    let instance = this.instances.get(type);
    if (!instance) {
      instance = this.build(type);
      this.instances.set(type, instance);
    }
    return instance as Promise<T>;
  }

  private async build(type: string): Promise<unknown> {
    const component = this.components[type];
    if (!component) throw new ZenError(`Stack '${this.model.name}' has no ${type}.`);
    const flavor = this.flavors.get(type, component.flavor);
    const implementation = await loadFlavorImplementation(flavor);
    const config = await this.resolveSecrets(component.config);
    return implementation.create({ id: component.id, name: component.name, config, configDir: this.configDir });
  }
}
