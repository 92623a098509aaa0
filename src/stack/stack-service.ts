import { ACTIVE_STACK_VARIABLES, envSetting } from '../config/env-settings.js';
import { AlreadyExistsError, NotFoundError, UsageError, ZenError } from '../core/errors.js';
import { findRepositoryRoot, readRepositoryConfig } from '../config/repository.js';
import { resolveActiveStack, type ActiveStackSource, type ZenContext } from '../context/zen-context.js';
import type { StackComponentModel, StackModel } from '../core/entities.js';
import { DEFAULT_STACK } from '../store/open-store.js';
import { REQUIRED_COMPONENT_TYPES, type ComponentType } from './component-types.js';
import { checkName, typeLabel, withArticle } from './component-service.js';

/** The CLI flag that names each component type in `zenml stack register/update`. */
export const COMPONENT_FLAG: Record<ComponentType, string> = {
  orchestrator: 'orchestrator',
  artifact_store: 'artifact-store',
  container_registry: 'container-registry',
  experiment_tracker: 'experiment-tracker',
  model_deployer: 'model-deployer',
  step_operator: 'step-operator',
  alerter: 'alerter',
  image_builder: 'image-builder',
};

export type ComponentSelection = Partial<Record<ComponentType, string>>;

export interface StackDescription {
  id: string;
  name: string;
  owner?: string;
  created: string;
  updated: string;
  active: boolean;
  components: Partial<Record<ComponentType, { id: string; name: string; flavor: string; config: Record<string, unknown> }>>;
}

/** Registers a stack from component names (or ids); orchestrator and artifact store are required. */
export async function registerStack(context: ZenContext, name: string, selection: ComponentSelection): Promise<StackModel> {
  checkName('stack', name);
  for (const type of REQUIRED_COMPONENT_TYPES) {
    if (!selection[type]) throw new UsageError(`A stack needs ${withArticle(type)}.`, `Pass --${COMPONENT_FLAG[type]} <name>.`);
  }
  const components = await resolveComponents(context, selection);
  await refuseTakenStack(context, name);
  await refuseInvalidCombination(name, components);
  return context.store.createStack({ name, components: componentIds(components), owner: context.config.data.userName });
}

/** Replaces or adds components of a stack. */
export async function updateStack(context: ZenContext, nameOrId: string, selection: ComponentSelection): Promise<StackModel> {
  const { stack, components: current } = await context.store.getHydratedStack(nameOrId);
  refuseDefault(stack, 'changed');
  if (Object.keys(selection).length === 0) throw new UsageError('Nothing to update.', 'Pass at least one component flag, e.g. --orchestrator <name>.');
  const components = { ...current, ...(await resolveComponents(context, selection)) };
  await refuseInvalidCombination(stack.name, components);
  return context.store.updateStack(stack.id, { components: componentIds(components) });
}

/** Removes optional components from a stack. */
export async function removeStackComponents(context: ZenContext, nameOrId: string, types: ComponentType[]): Promise<StackModel> {
  const { stack, components: current } = await context.store.getHydratedStack(nameOrId);
  refuseDefault(stack, 'changed');
  if (types.length === 0) throw new UsageError('Nothing to remove.', 'Pass the component types to remove, e.g. --container-registry.');
  for (const type of types) {
    if (REQUIRED_COMPONENT_TYPES.includes(type)) throw new UsageError(`The ${typeLabel(type)} of a stack cannot be removed.`, `Replace it with \`zenml stack update ${stack.name} --${COMPONENT_FLAG[type]} <name>\`.`);
    if (!stack.components[type]) throw new UsageError(`Stack '${stack.name}' has no ${typeLabel(type)}.`);
  }
  const components = Object.fromEntries(Object.entries(current).filter(([type]) => !types.includes(type as ComponentType)));
  await refuseInvalidCombination(stack.name, components);
  return context.store.updateStack(stack.id, { components: componentIds(components) });
}

export async function renameStack(context: ZenContext, nameOrId: string, newName: string): Promise<StackModel> {
  const stack = await context.store.getStack(nameOrId);
  refuseDefault(stack, 'renamed');
  checkName('stack', newName);
  await refuseTakenStack(context, newName);
  const renamed = await context.store.updateStack(stack.id, { name: newName });
  // Keep the stack active wherever it was pinned by name.
  if (context.config.data.activeStack === stack.name) await context.config.update((data) => void (data.activeStack = newName));
  const root = findRepositoryRoot();
  if (root) {
    const repo = await readRepositoryConfig(root);
    if (repo.data.activeStack === stack.name) {
      repo.data.activeStack = newName;
      await repo.write();
    }
  }
  return renamed;
}

export async function copyStack(context: ZenContext, nameOrId: string, newName: string): Promise<StackModel> {
  const stack = await context.store.getStack(nameOrId);
  checkName('stack', newName);
  await refuseTakenStack(context, newName);
  return context.store.createStack({ name: newName, components: { ...stack.components }, owner: context.config.data.userName });
}

/** Deletes a stack that is neither `default` nor active; its components stay. */
export async function deleteStack(context: ZenContext, nameOrId: string): Promise<StackModel> {
  const stack = await context.store.getStack(nameOrId);
  await assertStackDeletable(context, stack);
  await context.store.deleteStack(stack.id);
  return stack;
}

export async function assertStackDeletable(context: ZenContext, stack: StackModel): Promise<void> {
  refuseDefault(stack, 'deleted');
  const active = await resolveActiveStack(context.config);
  if (active.name === stack.name || active.name === stack.id) {
    throw new ZenError(`Stack '${stack.name}' is the active stack (from ${active.source}).`, { hint: 'Switch to another one first: `zenml stack set default`.' });
  }
}

export async function describeStack(context: ZenContext, nameOrId: string, activeName?: string): Promise<StackDescription> {
  const stack = await context.store.getStack(nameOrId);
  const active = activeName ?? (await resolveActiveStack(context.config)).name;
  const components: StackDescription['components'] = {};
  for (const [type, id] of Object.entries(stack.components)) {
    const component = await context.store.getStackComponent(type, id);
    components[type as ComponentType] = { id: component.id, name: component.name, flavor: component.flavor, config: component.config };
  }
  return { id: stack.id, name: stack.name, owner: stack.owner, created: stack.created, updated: stack.updated, active: active === stack.name || active === stack.id, components };
}

/** The active stack and the setting it came from. */
export async function activeStack(context: ZenContext, env: NodeJS.ProcessEnv = process.env): Promise<{ stack: StackModel; source: ActiveStackSource; repositoryRoot?: string }> {
  const active = await resolveActiveStack(context.config, env);
  const stack = await context.store.getStack(active.name).catch((error) => {
    if (error instanceof NotFoundError) {
      throw new ZenError(`The active stack '${active.name}' (from ${active.source}) does not exist.`, { hint: 'Switch with `zenml stack set <name>` (see `zenml stack list`).' });
    }
    throw error;
  });
  return { stack, source: active.source, repositoryRoot: active.repositoryRoot };
}

/**
 * Makes a stack active after validating it: inside a repository (`.zen/`) it is pinned
 * there, otherwise in the global config.
 */
export async function setActiveStack(context: ZenContext, nameOrId: string, cwd = process.cwd()): Promise<{ stack: StackModel; scope: 'repository' | 'global config'; repositoryRoot?: string; overriddenBy?: string }> {
  const { validateStackByName } = await import('./stack-validation.js');
  const stack = await validateStackByName(context, nameOrId);
  const root = findRepositoryRoot(cwd);
  if (root) {
    const repo = await readRepositoryConfig(root);
    repo.data.activeStack = stack.name;
    await repo.write();
  } else {
    await context.config.update((data) => void (data.activeStack = stack.name));
  }
  const fromEnvironment = envSetting(process.env, ACTIVE_STACK_VARIABLES);
  const overriddenBy = fromEnvironment && fromEnvironment.value !== stack.name && fromEnvironment.value !== stack.id ? fromEnvironment.name : undefined;
  return { stack, scope: root ? 'repository' : 'global config', repositoryRoot: root, overriddenBy };
}

async function resolveComponents(context: ZenContext, selection: ComponentSelection): Promise<Record<string, StackComponentModel>> {
  const components: Record<string, StackComponentModel> = {};
  for (const [type, nameOrId] of Object.entries(selection)) {
    if (nameOrId) components[type] = await context.store.getStackComponent(type, nameOrId);
  }
  return components;
}

function componentIds(components: Record<string, StackComponentModel>): Record<string, string> {
  return Object.fromEntries(Object.entries(components).map(([type, component]) => [type, component.id]));
}

/** ZenML validates a stack when it is registered or changed, not only when it is used: nothing is written if a flavor vetoes it. */
async function refuseInvalidCombination(name: string, components: Record<string, StackComponentModel>): Promise<void> {
  const [{ loadFlavorRegistry }, { checkStackFlavors }] = await Promise.all([import('./flavor-registry.js'), import('./stack-flavor-check.js')]);
  checkStackFlavors(name, components, await loadFlavorRegistry(), false);
}

function refuseDefault(stack: StackModel, verb: string): void {
  if (stack.name === DEFAULT_STACK) throw new ZenError(`The default stack cannot be ${verb}.`, { hint: 'Copy it (zenml stack copy default <name>) and change the copy.' });
}

async function refuseTakenStack(context: ZenContext, name: string): Promise<void> {
  const existing = await context.store.getStack(name).catch((error) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (existing && existing.name === name) throw new AlreadyExistsError(`A stack named '${name}' already exists.`, 'Pick another name.');
}
