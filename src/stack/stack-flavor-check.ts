import { ZenError } from '../core/errors.js';
import type { StackComponentModel } from '../core/entities.js';
import type { ComponentType } from './component-types.js';
import type { StackValidationInput } from './flavor.js';
import type { FlavorRegistry } from './flavor-registry.js';

/** What the validators read of a component: registered or about to be (an import's plan). */
export type ComponentUnderCheck = Pick<StackComponentModel, 'type' | 'name' | 'flavor' | 'config'>;

/** The parts of a stack its flavors' validators look at (secret references stay unresolved). */
export function stackValidationInput(name: string, components: Record<string, ComponentUnderCheck>): StackValidationInput {
  const parts: StackValidationInput['components'] = {};
  for (const [type, component] of Object.entries(components)) {
    parts[type as ComponentType] = { name: component.name, flavor: component.flavor, config: component.config };
  }
  return { name, components: parts, artifactStore: { flavor: components.artifact_store?.flavor ?? '' } };
}

/**
 * Lets each component's flavor veto the combination (a bullmq orchestrator with an artifact
 * store its workers cannot share, say). A flavor that is not installed here vetoes nothing
 * unless `requireInstalled`: a stack can be registered for teammates who have the plugin,
 * but it cannot be made active or run without it.
 */
export function checkStackFlavors(name: string, components: Record<string, ComponentUnderCheck>, flavors: FlavorRegistry, requireInstalled: boolean): StackValidationInput {
  const input = stackValidationInput(name, components);
  for (const component of Object.values(components)) {
    const flavor = flavors.find(component.type, component.flavor);
    if (!flavor) {
      if (!requireInstalled) continue;
      throw new ZenError(`Stack '${name}' is not valid: its ${component.type.replace(/_/g, ' ')} '${component.name}' has flavor '${component.flavor}', which no installed plugin provides.`, {
        hint: 'Install the plugin (zenml plugins install) or switch to another stack.',
      });
    }
    const problem = flavor.validateStack?.(input);
    if (problem) throw new ZenError(`Stack '${name}' is not valid: ${problem}`);
  }
  return input;
}
