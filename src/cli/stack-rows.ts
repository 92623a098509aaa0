import type { ListFilter, Page } from '../core/entities.js';
import type { Client } from '../sdk/client.js';

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

export async function stackRows(client: Client, request: ListFilter & { page: number; size: number }): Promise<Page<StackRow>> {
  const [page, components, active] = await Promise.all([client.listStacks(request), allComponents(client), client.getActiveStack().catch(() => undefined)]);
  const names = new Map(components.map((c) => [c.id, c.name]));
  return {
    ...page,
    items: page.items.map((stack) => ({
      id: stack.id,
      name: stack.name,
      active: stack.id === active?.id,
      components: Object.fromEntries(Object.entries(stack.components).map(([type, id]) => [type, names.get(id) ?? id])),
      owner: stack.owner,
      created: stack.created,
      updated: stack.updated,
    })),
  };
}

/** Every component of a type (or all), across pages. */
export async function allComponents(client: Client, type?: Parameters<Client['listStackComponents']>[0]) {
  const items = [];
  for (let page = 1; ; page++) {
    const result = await client.listStackComponents(type, { page, size: 1000 });
    items.push(...result.items);
    if (page * result.size >= result.total) return items;
  }
}
