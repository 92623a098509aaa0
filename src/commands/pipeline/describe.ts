import { Args } from '../../vendor/oclif.js';
import { DescribeCommand } from '../../cli/entity-commands.js';
import type { PipelineDetails } from '../../cli/entity-views.js';

export default class PipelineDescribe extends DescribeCommand<typeof PipelineDescribe, PipelineDetails> {
  static summary = 'Show a pipeline and its latest runs.';
  static examples = ['<%= config.bin %> pipeline describe training'];
  static args = { pipeline: Args.string({ description: 'Pipeline name or id.', required: true }) };
  static flags = { ...DescribeCommand.flags };

  protected async fetch(): Promise<PipelineDetails> {
    const { pipelineDetails } = await import('../../cli/entity-views.js');
    return pipelineDetails(await this.client(), this.args.pipeline);
  }

  protected async renderTableView(details: PipelineDetails): Promise<string> {
    const { renderPipeline } = await import('../../cli/entity-views.js');
    return renderPipeline(details, this.color);
  }
}
