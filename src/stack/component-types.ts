/** Component types a stack can hold. The first two are required in every stack. */
export const COMPONENT_TYPES = [
  'orchestrator',
  'artifact_store',
  'container_registry',
  'experiment_tracker',
  'model_deployer',
  'step_operator',
  'alerter',
  'image_builder',
] as const;

export type ComponentType = (typeof COMPONENT_TYPES)[number];

export const REQUIRED_COMPONENT_TYPES: readonly ComponentType[] = ['orchestrator', 'artifact_store'];

export function isComponentType(value: string): value is ComponentType {
  return (COMPONENT_TYPES as readonly string[]).includes(value);
}
