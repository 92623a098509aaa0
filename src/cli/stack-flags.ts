import { Flags } from '../vendor/oclif.js';
import type { ComponentType } from '../sdk/client.js';

/** One flag per component type for `stack register/update`, with ZenML's short letters. */
const CHARS: Partial<Record<ComponentType, 'o' | 'a' | 'c' | 'e' | 'd' | 's' | 'i'>> = {
  orchestrator: 'o',
  artifact_store: 'a',
  container_registry: 'c',
  experiment_tracker: 'e',
  model_deployer: 'd',
  step_operator: 's',
  image_builder: 'i',
};

const TYPES: ComponentType[] = ['orchestrator', 'artifact_store', 'container_registry', 'experiment_tracker', 'model_deployer', 'step_operator', 'alerter', 'image_builder'];
const flagName = (type: ComponentType) => type.replace(/_/g, '-');

export const componentFlags = Object.fromEntries(
  TYPES.map((type) => [flagName(type), Flags.string({ char: CHARS[type], summary: `Name or id of the ${type.replace(/_/g, ' ')}.`, helpGroup: 'COMPONENTS' })]),
) as Record<string, ReturnType<typeof Flags.string>>;

/** `--container-registry` etc. as switches, for `stack remove-component`. */
export const optionalComponentSwitches = Object.fromEntries(
  TYPES.slice(2).map((type) => [flagName(type), Flags.boolean({ summary: `Remove the ${type.replace(/_/g, ' ')}.`, default: false })]),
) as Record<string, ReturnType<typeof Flags.boolean>>;

/** The component types named by parsed flags. */
export function selectionFromFlags(flags: Record<string, unknown>): Partial<Record<ComponentType, string>> {
  const selection: Partial<Record<ComponentType, string>> = {};
  for (const type of TYPES) {
    const value = flags[flagName(type)];
    if (typeof value === 'string' && value) selection[type] = value;
  }
  return selection;
}

export function switchedTypes(flags: Record<string, unknown>): ComponentType[] {
  return TYPES.slice(2).filter((type) => flags[flagName(type)] === true);
}
