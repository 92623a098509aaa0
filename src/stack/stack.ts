import type { ArtifactStore } from '../artifacts/artifact-store.js';
import { ZenError } from '../errors.js';
import type { StackComponentModel, StackModel } from '../store/models.js';
import type { ZenStore } from '../store/zen-store.js';
import { REQUIRED_COMPONENT_TYPES } from './component-types.js';
import type { FlavorRegistry } from './flavor-registry.js';
import type { Orchestrator } from './orchestrator.js';

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
    const model = await store.getStack(nameOrId);
    const components: Record<string, StackComponentModel> = {};
    for (const [type, id] of Object.entries(model.components)) components[type] = await store.getStackComponent(type, id);
    return new Stack(model, components, flavors, configDir, resolveSecrets);
  }

  /** Checks required components and lets each flavor veto the combination. */
  async validate(): Promise<void> {
    for (const type of REQUIRED_COMPONENT_TYPES) {
      if (!this.components[type]) {
        throw new ZenError(`Stack '${this.model.name}' has no ${type}.`, { hint: `Add one with \`zenml stack update ${this.model.name} --${type.replace('_', '-')} <name>\`.` });
      }
    }
    for (const component of Object.values(this.components)) this.flavors.get(component.type, component.flavor);
    const orchestrator = await this.orchestrator();
    const problem = orchestrator.validate?.({ artifactStore: { flavor: this.components.artifact_store.flavor } });
    if (problem) throw new ZenError(`Stack '${this.model.name}' is not valid: ${problem}`);
  }

  orchestrator(): Promise<Orchestrator> {
    return this.component<Orchestrator>('orchestrator');
  }

  artifactStore(): Promise<ArtifactStore> {
    return this.component<ArtifactStore>('artifact_store');
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
    const implementation = await flavor.load();
    const config = await this.resolveSecrets(component.config);
    return implementation.create({ id: component.id, name: component.name, config, configDir: this.configDir });
  }
}
