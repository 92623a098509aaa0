import { resolveSecretReferences } from '../secrets/resolve.js';
import type { ZenContext } from '../context/zen-context.js';
import type { StackModel } from '../core/entities.js';
import { loadFlavorRegistry } from './flavor-registry.js';
import { Stack } from './stack.js';

/** Loads a stack with its flavors and runs every validator; throws the first problem. */
export async function loadValidatedStack(context: ZenContext, nameOrId: string): Promise<Stack> {
  const stack = await Stack.load(context.store, nameOrId, await loadFlavorRegistry(), context.configDir, (config) => resolveSecretReferences(context, config));
  await stack.validate();
  return stack;
}

export async function validateStackByName(context: ZenContext, nameOrId: string): Promise<StackModel> {
  return (await loadValidatedStack(context, nameOrId)).model;
}
