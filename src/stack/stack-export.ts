import { readFile, rename, writeFile } from 'node:fs/promises';
import { UsageError, ZenError, yamlProblem } from '../core/errors.js';
import type { ZenContext } from '../context/zen-context.js';
import type { StackComponentModel, StackModel } from '../core/entities.js';
import { COMPONENT_TYPES, REQUIRED_COMPONENT_TYPES, isComponentType, type ComponentType } from './component-types.js';
import { validateComponentConfig } from './component-config.js';
import { checkName, typeLabel, withArticle } from './component-service.js';
import { checkStackFlavors } from './stack-flavor-check.js';
import { loadFlavorRegistry } from './flavor-registry.js';
import { describeStack } from './stack-service.js';
import { compareText } from '../core/collation.js';

/** The YAML a stack is exported to. Secret references stay references; values are never copied. */
export interface StackExport {
  stack_name: string;
  zenml_version?: string;
  components: Partial<Record<ComponentType, { name: string; flavor: string; configuration: Record<string, unknown> }>>;
}

export async function exportStack(context: ZenContext, nameOrId: string, file: string, version?: string): Promise<StackExport> {
  const stack = await describeStack(context, nameOrId);
  const data: StackExport = { stack_name: stack.name, zenml_version: version, components: {} };
  for (const [type, component] of Object.entries(stack.components)) {
    data.components[type as ComponentType] = { name: component.name, flavor: component.flavor, configuration: component.config };
  }
  const { stringify } = await import('../vendor/yaml.js');
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, stringify(data));
  await rename(temp, file);
  return data;
}

/**
 * Registers a stack (and its components) from an export file. Everything is checked before
 * anything is written: an existing component with the same name is reused only if it has
 * the same flavor and config. A failure half-way removes what this import created.
 */
export async function importStack(context: ZenContext, name: string, file: string): Promise<{ stack: StackModel; created: StackComponentModel[]; reused: StackComponentModel[] }> {
  checkName('stack', name);
  const data = await readExport(file);
  const registry = await loadFlavorRegistry();
  const existingStack = await context.store.getStack(name).catch(() => undefined);
  if (existingStack?.name === name) throw new ZenError(`A stack named '${name}' already exists.`, { hint: 'Import under another name.' });

  const plan: Array<{ type: ComponentType; name: string; flavor: string; config: Record<string, unknown>; existing?: StackComponentModel }> = [];
  for (const [type, entry] of Object.entries(data.components) as Array<[ComponentType, NonNullable<StackExport['components'][ComponentType]>]>) {
    const flavor = registry.get(type, entry.flavor);
    const config = await validateComponentConfig(flavor, entry.configuration);
    const existing = await context.store.getStackComponent(type, entry.name).catch(() => undefined);
    if (existing && existing.name === entry.name && (existing.flavor !== entry.flavor || JSON.stringify(sorted(existing.config)) !== JSON.stringify(sorted(config)))) {
      throw new ZenError(`${withArticle(type).replace(/^a/, 'A')} named '${entry.name}' already exists with a different flavor or config.`, { hint: 'Rename it, or edit the name in the export file.' });
    }
    plan.push({ type, name: entry.name, flavor: entry.flavor, config, existing: existing?.name === entry.name ? existing : undefined });
  }

  // As `stack register` does: a combination a flavor refuses is not written at all.
  checkStackFlavors(name, Object.fromEntries(plan.map((item) => [item.type, item])), registry, false);

  const created: StackComponentModel[] = [];
  const reused: StackComponentModel[] = [];
  try {
    const ids: Record<string, string> = {};
    for (const item of plan) {
      if (item.existing) {
        reused.push(item.existing);
        ids[item.type] = item.existing.id;
        continue;
      }
      const component = await context.store.createStackComponent({ type: item.type, name: item.name, flavor: item.flavor, config: item.config, owner: context.config.data.userName });
      created.push(component);
      ids[item.type] = component.id;
    }
    const stack = await context.store.createStack({ name, components: ids, owner: context.config.data.userName });
    return { stack, created, reused };
  } catch (error) {
    for (const component of created.reverse()) await context.store.deleteStackComponent(component.id).catch(() => undefined);
    throw error;
  }
}

async function readExport(file: string): Promise<StackExport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`Cannot read the stack file ${file}.`, 'Pass the path of a file written by `zenml stack export`.');
  }
  const { parse } = await import('../vendor/yaml.js');
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new UsageError(`The stack file ${file} is not valid YAML (${yamlProblem(error)}).`);
  }
  const bad = (why: string) => new UsageError(`The stack file ${file} is malformed: ${why}.`, 'Export a stack with `zenml stack export <name> <file.yaml>`.');
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad('expected a mapping with stack_name and components');
  const components = (data as { components?: unknown }).components;
  if (typeof components !== 'object' || components === null || Array.isArray(components)) throw bad('it has no components mapping');
  for (const [type, entry] of Object.entries(components)) {
    if (!isComponentType(type)) throw bad(`'${type}' is not a component type (types: ${COMPONENT_TYPES.join(', ')})`);
    const { name, flavor, configuration } = (entry ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || !name) throw bad(`components.${type}.name is missing`);
    if (typeof flavor !== 'string' || !flavor) throw bad(`components.${type}.flavor is missing`);
    if (configuration !== undefined && (typeof configuration !== 'object' || configuration === null || Array.isArray(configuration))) throw bad(`components.${type}.configuration must be a mapping`);
  }
  for (const type of REQUIRED_COMPONENT_TYPES) if (!(type in components)) throw bad(`it has no ${typeLabel(type)}`);
  const result = data as StackExport;
  for (const entry of Object.values(result.components)) if (entry) entry.configuration ??= {};
  return result;
}

function sorted(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => compareText(a, b)));
}
