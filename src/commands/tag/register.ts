import { Args, Flags } from '../../vendor/oclif.js';
import { outputFlag } from '../../cli/flags.js';
import { ZenCommand } from '../../cli/zen-command.js';
import { TAG_COLORS } from '../../core/model-entities.js';

export default class TagRegister extends ZenCommand<typeof TagRegister> {
  static summary = 'Register a tag (tags given with -t are created on first use too).';
  static examples = ['<%= config.bin %> tag register production-ready --color green'];
  static args = { name: Args.string({ description: 'Tag name.', required: true }) };
  static flags = { output: outputFlag, color: Flags.string({ char: 'c', summary: 'Colour in the dashboard.', options: [...TAG_COLORS] }) };

  async run() {
    const tag = await (await this.client()).createTag({ name: this.args.name, color: this.flags.color });
    if (this.format === 'table') this.log(`Registered tag '${tag.name}'.`);
    return this.format === 'table' ? tag : this.printEntity(tag);
  }
}
