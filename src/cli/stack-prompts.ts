import type { ZenContext } from '../context/zen-context.js';
import { REQUIRED_COMPONENT_TYPES, type ComponentType } from '../stack/component-types.js';

/** On a terminal, asks for the required components the flags did not name; elsewhere registerStack fails naming the flag. */
export async function promptMissingComponents(context: ZenContext, selection: Partial<Record<ComponentType, string>>, interactive: boolean, flags: Record<ComponentType, string>): Promise<void> {
  if (!interactive) return;
  const { promptOrFail } = await import('./prompts.js');
  const { allComponents } = await import('../stack/component-service.js');
  for (const type of REQUIRED_COMPONENT_TYPES) {
    if (selection[type]) continue;
    const choices = (await allComponents(context, type)).map((c) => c.name);
    selection[type] = await promptOrFail(flags[type], `Which ${type.replace(/_/g, ' ')}?`, true, choices);
  }
}
