import { Flags } from '../../../vendor/oclif.js';
import { ListCommand } from '../../../cli/entity-commands.js';
import { modelVersionArtifactColumns } from '../../../cli/model-columns.js';
import { modelVersionArgs } from '../../../cli/model-flags.js';
import { MODEL_ARTIFACT_TYPES, type ModelVersionArtifactModel } from '../../../core/model-entities.js';

export default class ModelVersionArtifacts extends ListCommand<typeof ModelVersionArtifacts, ModelVersionArtifactModel> {
  static summary = 'List the artifact versions linked to a model version (data, model and deployment artifacts).';
  static examples = ['<%= config.bin %> model version artifacts iris_classifier production', '<%= config.bin %> model version artifacts iris_classifier 3 --type model --json'];
  static args = modelVersionArgs;
  static flags = { ...ListCommand.flags, type: Flags.string({ summary: 'Only artifacts linked as this type.', options: [...MODEL_ARTIFACT_TYPES] }) };

  protected readonly columns = modelVersionArtifactColumns;

  protected async fetch(request: { page: number; size: number }) {
    return (await this.client()).listModelVersionArtifacts(this.args.model, this.args.version, { ...request, type: this.flags.type as ModelVersionArtifactModel['type'] | undefined });
  }
}
