import type { Command } from '../vendor/oclif.js';
import type { Page } from '../core/entities.js';
import { filterRequest, outputFlags, pageFlags, yesFlag } from './flags.js';
import type { Column } from './output.js';
import { confirmOrFail } from './prompts.js';
import { ZenCommand } from './zen-command.js';

/** What a list command asks for: a page, and the filter flags (filterFlags) it was given. */
export interface ListRequest {
  page: number;
  size: number;
  name?: string;
  created?: string;
  sortBy?: string;
}

/**
 * `<topic> list`: fetch one page, print it in the chosen format, return `{ items, total, page, size }`.
 * Subclasses spread `ListCommand.flags` (and `filterFlags` where the list is filtered by name
 * and date) into their own flags and implement `fetch`, passing the request on to the Client.
 */
export abstract class ListCommand<T extends typeof Command, Item> extends ZenCommand<T> {
  static flags = { ...outputFlags, ...pageFlags };

  protected abstract readonly columns: Column<Item>[];
  protected abstract fetch(request: ListRequest): Promise<Page<Item>>;

  protected toJson(item: Item): unknown {
    return item;
  }

  async run(): Promise<Page<unknown>> {
    const flags = this.flags as unknown as { page: number; size: number; name?: string; created?: string; 'sort-by'?: string };
    return this.printList(await this.fetch({ page: flags.page, size: flags.size, ...filterRequest(flags) }), this.columns, (item) => this.toJson(item));
  }
}

/** Pages a list the store returns whole (e.g. the step runs of one run). */
export function pageOf<Item>(all: Item[], request: { page: number; size: number }): Page<Item> {
  const start = (request.page - 1) * request.size;
  return { items: all.slice(start, start + request.size), total: all.length, page: request.page, size: request.size };
}

/** `<topic> describe <x>`: fetch one entity, print it (key/value table or a custom view), return it. */
export abstract class DescribeCommand<T extends typeof Command, Entity> extends ZenCommand<T> {
  static flags = { ...outputFlags };

  protected abstract fetch(): Promise<Entity>;

  /** The table view; defaults to a key/value table of the entity's fields. */
  protected renderTableView?(entity: Entity): string | Promise<string>;

  async run(): Promise<Entity> {
    const entity = await this.fetch();
    return this.printEntity(entity, this.renderTableView ? (e) => this.renderTableView!(e) : undefined);
  }
}

export interface DeleteTarget {
  /** Entity type in messages and the JSON payload, e.g. `pipeline run`. */
  type: string;
  id: string;
  name: string;
  /** What else goes with it, for the confirmation question, e.g. `and its 3 runs`. */
  consequence?: string;
}

/**
 * `<topic> delete <x> [-y]`: resolve the target first (an unknown name fails before any
 * question), confirm on a terminal or require -y, then delete and return `{ deleted }`.
 */
export abstract class DeleteCommand<T extends typeof Command> extends ZenCommand<T> {
  static flags = { yes: yesFlag };

  protected abstract find(): Promise<DeleteTarget>;
  protected abstract remove(target: DeleteTarget): Promise<void>;

  async run(): Promise<{ deleted: { type: string; id: string; name: string } }> {
    const target = await this.find();
    const what = `${target.type} '${target.name}'`;
    const { yes } = this.flags as unknown as { yes: boolean };
    await confirmOrFail(`Delete ${what}${target.consequence ? ` ${target.consequence}` : ''}?`, yes, this.interactive);
    await this.remove(target);
    this.log(`Deleted ${what}.`);
    return { deleted: { type: target.type, id: target.id, name: target.name } };
  }
}
