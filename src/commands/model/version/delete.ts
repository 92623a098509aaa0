import { Flags } from '../../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../../cli/entity-commands.js';
import { modelVersionArgs } from '../../../cli/model-flags.js';

export default class ModelVersionDelete extends DeleteCommand<typeof ModelVersionDelete> {
  static summary = 'Delete a model version and its links (the artifacts and runs stay).';
  static examples = ['<%= config.bin %> model version delete iris_classifier 2 -y', '<%= config.bin %> model version delete iris_classifier production -y --force'];
  static args = modelVersionArgs;
  static flags = { ...DeleteCommand.flags, force: Flags.boolean({ summary: 'Delete even if the version is in production.', default: false }) };

  protected async find(): Promise<DeleteTarget> {
    const version = await (await this.client()).getModelVersion(this.args.model, this.args.version);
    if (version.stage === 'production' && !this.flags.force) {
      const { ZenError } = await import('../../../core/errors.js');
      throw new ZenError(`Version ${version.number} of model '${version.modelName}' is in production.`, { hint: 'Promote another version first, or pass --force to delete it anyway.' });
    }
    return { type: 'model version', id: version.id, name: `${version.modelName} ${version.name}` };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteModelVersion(this.args.model, target.id, { force: this.flags.force });
  }
}
