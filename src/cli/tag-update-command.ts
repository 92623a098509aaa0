import type { Command } from '../vendor/oclif.js';
import type { TaggableResourceType } from '../core/entities.js';
import type { Client, TagTarget } from '../sdk/client.js';
import { outputFlag } from './flags.js';
import { requireSomeChange, tagChange, tagFlags } from './tag-flags.js';
import { ZenCommand } from './zen-command.js';

/**
 * `<topic> update <x> -t a -r b`: resolves the target (an unknown one fails before any
 * change), adds and removes tags in one transaction, then prints and returns the entity
 * the way its `describe` does (`render`, see entity-views).
 */
export abstract class TagUpdateCommand<T extends typeof Command, Entity> extends ZenCommand<T> {
  static flags = { output: outputFlag, ...tagFlags };

  protected abstract readonly resourceType: TaggableResourceType;
  protected abstract target(): TagTarget;
  protected abstract show(client: Client, id: string): Promise<Entity>;
  /** The human view; a key/value table of the entity's fields when absent. */
  protected render?(entity: Entity): Promise<string>;

  async run(): Promise<Entity> {
    const change = tagChange(this.flags as { tag?: string[]; 'remove-tag'?: string[] });
    requireSomeChange(change, '--tag/-t and --remove-tag/-r');
    const client = await this.client();
    const id = await client.updateTags(this.resourceType, this.target(), change);
    return this.printEntity(await this.show(client, id), this.render ? (entity) => this.render!(entity) : undefined);
  }
}
