import type { ZenContext } from '../context/zen-context.js';
import type { Page } from '../core/entities.js';

/** A stack as `stack list` shows it: component names instead of ids. */
export interface StackRow {
  id: string;
  name: string;
  active: boolean;
  components: Record<string, string>;
  owner?: string;
  created: string;
  updated: string;
}

export async function stackRows(context: ZenContext, request: { page: number; size: number }): Promise<Page<StackRow>> {
  const { allComponents } = await import('../stack/component-service.js');
  const { resolveActiveStack } = await import('../context/zen-context.js');
  const [page, components, active] = await Promise.all([context.store.listStacks(request), allComponents(context), resolveActiveStack(context.config)]);
  const names = new Map(components.map((c) => [c.id, c.name]));
  return {
    ...page,
    items: page.items.map((stack) => ({
      id: stack.id,
      name: stack.name,
      active: stack.name === active.name || stack.id === active.name,
      components: Object.fromEntries(Object.entries(stack.components).map(([type, id]) => [type, names.get(id) ?? id])),
      owner: stack.owner,
      created: stack.created,
      updated: stack.updated,
    })),
  };
}
