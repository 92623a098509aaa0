import { checkName as checkNameRule } from '../core/names.js';
import { AlreadyExistsError, NotFoundError, UsageError, ZenError } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import type { StackComponentModel } from '../core/entities.js';
import { DEFAULT_STACK } from '../store/open-store.js';
import { COMPONENT_TYPES, isComponentType, type ComponentType } from './component-types.js';
import type { SecretValidationMode } from '../secrets/resolve.js';

/** Stack and component names follow the one name rule (src/core/names.ts). */
export function checkName(kind: string, name: string): void {
  checkNameRule(`The ${kind} name`, name);
}

export function assertComponentType(type: string): ComponentType {
  if (!isComponentType(type)) throw new UsageError(`Unknown component type '${type}'.`, `Types: ${COMPONENT_TYPES.join(', ')}.`);
  return type;
}

/** `artifact_store` → `artifact store`, for messages. */
export const typeLabel = (type: string) => type.replace(/_/g, ' ');

/** `an orchestrator`, `a container registry`. */
export const withArticle = (type: string) => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${typeLabel(type)}`;

export interface NewComponent {
  type: ComponentType;
  name: string;
  flavor: string;
  config?: Record<string, unknown>;
}

/** Registers a component after checking its flavor exists and its config fits the flavor's schema. */
/**
 * What checks a component's flavor and config, loaded by the commands that write one: every
 * stack command loads this file, and `stack list` needs none of it (nor ajv behind it).
 */
async function configChecks() {
  const [{ validateComponentConfig }, { loadFlavorRegistry }, { validateSecretReferences }] = await Promise.all([
    import('./component-config.js'),
    import('./flavor-registry.js'),
    import('../secrets/resolve.js'),
  ]);
  return { validateComponentConfig, loadFlavorRegistry, validateSecretReferences };
}

export async function registerComponent(context: ZenContext, input: NewComponent, secretValidation: SecretValidationMode = 'strict'): Promise<StackComponentModel> {
  const { validateComponentConfig, loadFlavorRegistry, validateSecretReferences } = await configChecks();
  checkName(typeLabel(input.type), input.name);
  const flavor = (await loadFlavorRegistry()).get(input.type, input.flavor);
  const config = await validateComponentConfig(flavor, input.config ?? {});
  await validateSecretReferences(context, config, secretValidation);
  await refuseTaken(context, input.type, input.name);
  return context.store.createStackComponent({ type: input.type, name: input.name, flavor: input.flavor, config, owner: context.config.data.userName });
}

/** Sets (merges) config keys and validates the result against the flavor. */
export async function updateComponent(
  context: ZenContext,
  type: ComponentType,
  nameOrId: string,
  changes: Record<string, unknown>,
  secretValidation: SecretValidationMode = 'strict',
): Promise<StackComponentModel> {
  const { validateComponentConfig, loadFlavorRegistry, validateSecretReferences } = await configChecks();
  const component = await context.store.getStackComponent(type, nameOrId);
  const flavor = (await loadFlavorRegistry()).get(type, component.flavor);
  const config = await validateComponentConfig(flavor, { ...component.config, ...changes });
  await validateSecretReferences(context, changes, secretValidation);
  return context.store.updateStackComponent(component.id, { config });
}

/** Removes config keys; removing a required one fails like registering without it. */
export async function removeComponentAttributes(context: ZenContext, type: ComponentType, nameOrId: string, keys: string[]): Promise<StackComponentModel> {
  const { validateComponentConfig, loadFlavorRegistry } = await configChecks();
  const component = await context.store.getStackComponent(type, nameOrId);
  const missing = keys.filter((key) => !(key in component.config));
  if (missing.length > 0) throw new UsageError(`The ${typeLabel(type)} '${component.name}' has no attribute '${missing[0]}'.`, `Attributes: ${Object.keys(component.config).join(', ') || 'none'}.`);
  const flavor = (await loadFlavorRegistry()).get(type, component.flavor);
  const config = Object.fromEntries(Object.entries(component.config).filter(([key]) => !keys.includes(key)));
  return context.store.updateStackComponent(component.id, { config: await validateComponentConfig(flavor, config) });
}

export async function renameComponent(context: ZenContext, type: ComponentType, nameOrId: string, newName: string): Promise<StackComponentModel> {
  const component = await context.store.getStackComponent(type, nameOrId);
  refuseDefault(type, component, 'renamed');
  checkName(typeLabel(type), newName);
  await refuseTaken(context, type, newName);
  return context.store.updateStackComponent(component.id, { name: newName });
}

export async function copyComponent(context: ZenContext, type: ComponentType, nameOrId: string, newName: string): Promise<StackComponentModel> {
  const component = await context.store.getStackComponent(type, nameOrId);
  checkName(typeLabel(type), newName);
  await refuseTaken(context, type, newName);
  return context.store.createStackComponent({ type, name: newName, flavor: component.flavor, config: { ...component.config }, owner: context.config.data.userName });
}

/** Deletes a component no stack uses; the error names the stacks that still do. */
export async function deleteComponent(context: ZenContext, type: ComponentType, nameOrId: string): Promise<StackComponentModel> {
  const component = await context.store.getStackComponent(type, nameOrId);
  await assertComponentDeletable(context, component);
  await context.store.deleteStackComponent(component.id);
  return component;
}

/** Refuses the default components and components a stack still uses (naming the stacks). */
export async function assertComponentDeletable(context: ZenContext, component: StackComponentModel): Promise<void> {
  refuseDefault(component.type, component, 'deleted');
  const users = await stacksUsing(context, component.id);
  if (users.length > 0) {
    throw new ZenError(`The ${typeLabel(component.type)} '${component.name}' is used by the stack(s) ${users.map((s) => `'${s}'`).join(', ')}.`, {
      hint: 'Remove it from those stacks (zenml stack update / remove-component) or delete them first.',
    });
  }
}

/** Names of the stacks that contain a component. */
export async function stacksUsing(context: ZenContext, componentId: string): Promise<string[]> {
  const names: string[] = [];
  for (let page = 1; ; page++) {
    const result = await context.store.listStacks({ page, size: 1000 });
    for (const stack of result.items) if (Object.values(stack.components).includes(componentId)) names.push(stack.name);
    if (page * result.size >= result.total) return names;
  }
}

function refuseDefault(type: string, component: StackComponentModel, verb: string): void {
  if (component.name === DEFAULT_STACK && (type === 'orchestrator' || type === 'artifact_store')) {
    throw new ZenError(`The default ${typeLabel(type)} cannot be ${verb}.`, { hint: 'Register a new component instead.' });
  }
}

async function refuseTaken(context: ZenContext, type: string, name: string): Promise<void> {
  const existing = await context.store.getStackComponent(type, name).catch((error) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (existing && existing.name === name) {
    throw new AlreadyExistsError(`${withArticle(type).replace(/^a/, 'A')} named '${name}' already exists.`, 'Pick another name, or change it with `update`.');
  }
}
