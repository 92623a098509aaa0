import { Flags } from '../../vendor/oclif.js';
import { outputFlag } from '../../cli/flags.js';
import { cardFromFlags, modelArg, modelCardFlags } from '../../cli/model-flags.js';
import { requireSomeChange, tagChange, tagFlags } from '../../cli/tag-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ModelUpdate extends ZenCommand<typeof ModelUpdate> {
  static summary = "Rename a model, change its card, or add and remove its tags.";
  static examples = ['<%= config.bin %> model update iris_classifier --license Apache-2.0 -t reviewed -r draft'];
  static args = { model: modelArg };
  static flags = { output: outputFlag, name: Flags.string({ char: 'n', summary: 'New name.' }), ...modelCardFlags, ...tagFlags };

  async run() {
    const { add, remove } = tagChange(this.flags);
    const update = { name: this.flags.name, ...cardFromFlags(this.flags), addTags: add, removeTags: remove };
    requireSomeChange(update, '--name, a model card flag (--description, --license, ...), --tag or --remove-tag');
    const client = await this.client();
    const updated = await client.updateModel(this.args.model, update);
    const { modelDetails } = await import('../../cli/model-details.js');
    // What `model describe` prints.
    return this.printEntity(await modelDetails(client, updated.id));
  }
}
