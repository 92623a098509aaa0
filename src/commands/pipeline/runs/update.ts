import { Args } from '../../../vendor/oclif.js';
import { TagUpdateCommand } from '../../../cli/tag-update-command.js';
import type { RunDetails } from '../../../cli/run-details.js';
import type { Client } from '../../../sdk/client.js';

export default class PipelineRunsUpdate extends TagUpdateCommand<typeof PipelineRunsUpdate, RunDetails> {
  static summary = "Add or remove a pipeline run's tags.";
  static examples = ['<%= config.bin %> pipeline runs update training-2025_01_01-12_00_00_000 -t baseline'];
  static args = { run: Args.string({ description: 'Run name or id.', required: true }) };
  static flags = { ...TagUpdateCommand.flags };

  protected readonly resourceType = 'pipeline_run' as const;
  protected target = () => ({ nameOrId: this.args.run });
  protected show = async (client: Client, id: string) => (await import('../../../cli/run-details.js')).runDetails(client, id);
  protected render = async (details: RunDetails) => (await import('../../../cli/entity-views.js')).renderRun(details, this.color);
}
