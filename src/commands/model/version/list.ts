import { Flags } from '../../../vendor/oclif.js';
import { ListCommand, type ListRequest } from '../../../cli/entity-commands.js';
import { filterFlags } from '../../../cli/flags.js';
import { modelVersionColumns } from '../../../cli/model-columns.js';
import { tagFilterFlag } from '../../../cli/tag-flags.js';
import type { ModelStage, ModelVersionModel } from '../../../core/model-entities.js';

export default class ModelVersionList extends ListCommand<typeof ModelVersionList, ModelVersionModel> {
  static summary = 'List model versions: of one model (--model) newest number first, otherwise newest first.';
  static examples = ['<%= config.bin %> model version list --model iris_classifier', '<%= config.bin %> model version list --stage production --json'];
  static flags = {
    ...ListCommand.flags,
    ...filterFlags,
    model: Flags.string({ char: 'm', summary: 'Only versions of this model (name or id).' }),
    stage: Flags.string({ char: 's', summary: 'Only versions in this stage (none, staging, production, archived).' }),
    tag: tagFilterFlag,
  };

  protected readonly columns = modelVersionColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listModelVersions({ ...request, model: this.flags.model, stage: this.flags.stage as ModelStage | undefined, tag: this.flags.tag });
  }
}
