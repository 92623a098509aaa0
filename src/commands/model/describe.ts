import { DescribeCommand } from '../../cli/entity-commands.js';
import type { ModelDetails } from '../../cli/model-details.js';
import { modelArg } from '../../cli/model-flags.js';

export default class ModelDescribe extends DescribeCommand<typeof ModelDescribe, ModelDetails> {
  static summary = 'Show a model: its card, tags, number of versions and which versions hold staging and production.';
  static examples = ['<%= config.bin %> model describe iris_classifier', '<%= config.bin %> model describe iris_classifier --json'];
  static args = { model: modelArg };
  static flags = { ...DescribeCommand.flags };

  protected async fetch(): Promise<ModelDetails> {
    const { modelDetails } = await import('../../cli/model-details.js');
    return modelDetails(await this.client(), this.args.model);
  }
}
