import type { Client, ComponentType } from '../sdk/client.js';
import { allComponents } from './stack-rows.js';

/** On a terminal, asks for the required components the flags did not name; elsewhere createStack fails naming the flag. */
export async function promptMissingComponents(client: Client, selection: Partial<Record<ComponentType, string>>, interactive: boolean): Promise<void> {
  if (!interactive) return;
  const { promptOrFail } = await import('./prompts.js');
  const { REQUIRED_COMPONENT_TYPES } = await import('../sdk/client.js');
  for (const type of REQUIRED_COMPONENT_TYPES) {
    if (selection[type]) continue;
    const choices = (await allComponents(client, type)).map((c) => c.name);
    selection[type] = await promptOrFail(type.replace(/_/g, '-'), `Which ${type.replace(/_/g, ' ')}?`, true, choices);
  }
}
