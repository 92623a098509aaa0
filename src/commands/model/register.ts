import { Args } from '../../vendor/oclif.js';
import { outputFlag } from '../../cli/flags.js';
import { cardFromFlags, modelCardFlags } from '../../cli/model-flags.js';
import { tagFlags } from '../../cli/tag-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ModelRegister extends ZenCommand<typeof ModelRegister> {
  static summary = 'Register a model (its versions are created by runs under it, or by hand).';
  static examples = ['<%= config.bin %> model register iris_classifier --license MIT -d "Classifies iris flowers." -t tabular'];
  static args = { name: Args.string({ description: 'Model name.', required: true }) };
  static flags = { output: outputFlag, ...modelCardFlags, tag: tagFlags.tag };

  async run() {
    const model = await (await this.client()).createModel({ name: this.args.name, ...cardFromFlags(this.flags), tags: this.flags.tag });
    if (this.format === 'table') this.log(`Registered model '${model.name}'.`);
    return this.format === 'table' ? model : this.printEntity(model);
  }
}
