import { Args } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class TagDelete extends DeleteCommand<typeof TagDelete> {
  static summary = 'Delete a tag, removing it from everything that carries it.';
  static examples = ['<%= config.bin %> tag delete draft -y'];
  static args = { tag: Args.string({ description: 'Tag name or id.', required: true }) };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const tag = await (await this.client()).getTag(this.args.tag);
    return { type: 'tag', id: tag.id, name: tag.name, consequence: tag.resourceCount > 0 ? `and remove it from ${tag.resourceCount} item(s)` : undefined };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteTag(target.id);
  }
}
