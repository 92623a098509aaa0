import { Flags } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';
import { modelArg } from '../../cli/model-flags.js';

export default class ModelDelete extends DeleteCommand<typeof ModelDelete> {
  static summary = 'Delete a model with all its versions and their links (the artifacts and runs stay).';
  static examples = ['<%= config.bin %> model delete iris_classifier -y', '<%= config.bin %> model delete iris_classifier -y --force'];
  static args = { model: modelArg };
  static flags = { ...DeleteCommand.flags, force: Flags.boolean({ summary: 'Delete even if a version is in production.', default: false }) };

  protected async find(): Promise<DeleteTarget> {
    const model = await (await this.client()).getModel(this.args.model);
    return { type: 'model', id: model.id, name: model.name, consequence: `and its ${model.versionCount} version(s)` };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteModel(target.id, { force: this.flags.force });
  }
}
