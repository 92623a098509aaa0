import { DescribeCommand } from '../../../cli/entity-commands.js';
import type { ModelVersionDetails } from '../../../cli/model-details.js';
import { modelVersionArgs } from '../../../cli/model-flags.js';

export default class ModelVersionDescribe extends DescribeCommand<typeof ModelVersionDescribe, ModelVersionDetails> {
  static summary = 'Show a model version: stage (and who moved it there), tags, metadata, linked artifacts and runs.';
  static examples = ['<%= config.bin %> model version describe iris_classifier production', '<%= config.bin %> model version describe iris_classifier 3 --json'];
  static args = modelVersionArgs;
  static flags = { ...DescribeCommand.flags };

  protected async fetch(): Promise<ModelVersionDetails> {
    const { modelVersionDetails } = await import('../../../cli/model-details.js');
    return modelVersionDetails(await this.client(), this.args.model, this.args.version);
  }

  protected async renderTableView(details: ModelVersionDetails): Promise<string> {
    const { renderModelVersion } = await import('../../../cli/entity-views.js');
    return renderModelVersion(details, this.color);
  }
}
