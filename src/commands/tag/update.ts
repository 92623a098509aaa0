import { Args, Flags } from '../../vendor/oclif.js';
import { outputFlag } from '../../cli/flags.js';
import { requireSomeChange } from '../../cli/tag-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';
import { TAG_COLORS } from '../../core/model-entities.js';

export default class TagUpdate extends ZenCommand<typeof TagUpdate> {
  static summary = 'Rename a tag or change its colour (everything it is on keeps it).';
  static examples = ['<%= config.bin %> tag update prod --name production --color green'];
  static args = { tag: Args.string({ description: 'Tag name or id.', required: true }) };
  static flags = {
    output: outputFlag,
    name: Flags.string({ char: 'n', summary: 'New name.' }),
    color: Flags.string({ char: 'c', summary: 'New colour.', options: [...TAG_COLORS] }),
  };

  async run() {
    const update = { name: this.flags.name, color: this.flags.color };
    requireSomeChange(update, '--name or --color');
    const { renderTag } = await import('../../cli/entity-views.js');
    return this.printEntity(await (await this.client()).updateTag(this.args.tag, update), (tag) => renderTag(tag, this.color));
  }
}
