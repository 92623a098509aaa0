import { runColumns } from '../../../cli/columns.js';
import { ListCommand } from '../../../cli/entity-commands.js';
import { modelVersionArgs } from '../../../cli/model-flags.js';
import type { RunModel } from '../../../core/entities.js';

export default class ModelVersionRuns extends ListCommand<typeof ModelVersionRuns, RunModel> {
  static summary = 'List the pipeline runs linked to a model version, newest first.';
  static examples = ['<%= config.bin %> model version runs iris_classifier production'];
  static args = modelVersionArgs;
  static flags = { ...ListCommand.flags };

  protected readonly columns = runColumns;

  protected async fetch(request: { page: number; size: number }) {
    return (await this.client()).listModelVersionRuns(this.args.model, this.args.version, request);
  }
}
