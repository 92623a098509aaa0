import { Args } from '../../vendor/oclif.js';
import { TagUpdateCommand } from '../../cli/tag-update-command.js';
import type { PipelineDetails } from '../../cli/entity-views.js';
import type { Client } from '../../sdk/client.js';

export default class PipelineUpdate extends TagUpdateCommand<typeof PipelineUpdate, PipelineDetails> {
  static summary = "Add or remove a pipeline's tags.";
  static examples = ['<%= config.bin %> pipeline update training -t nightly -r draft'];
  static args = { pipeline: Args.string({ description: 'Pipeline name or id.', required: true }) };
  static flags = { ...TagUpdateCommand.flags };

  protected readonly resourceType = 'pipeline' as const;
  protected target = () => ({ nameOrId: this.args.pipeline });
  protected show = async (client: Client, id: string) => (await import('../../cli/entity-views.js')).pipelineDetails(client, id);
  protected render = async (details: PipelineDetails) => (await import('../../cli/entity-views.js')).renderPipeline(details, this.color);
}
