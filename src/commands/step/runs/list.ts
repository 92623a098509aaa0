import { Flags } from '../../../vendor/oclif.js';
import { stepRunColumns } from '../../../cli/columns.js';
import { ListCommand } from '../../../cli/entity-commands.js';
import type { StepRunModel } from '../../../core/entities.js';

export default class StepRunsList extends ListCommand<typeof StepRunsList, StepRunModel> {
  static summary = 'List the step runs of a pipeline run, in the order they started.';
  static examples = ['<%= config.bin %> step runs list --run <run-name-or-id>'];
  static flags = { ...ListCommand.flags, run: Flags.string({ char: 'r', summary: 'Run name or id.', required: true }) };

  protected readonly columns = stepRunColumns;

  protected async fetch(request: { page: number; size: number }) {
    return (await this.client()).listRunSteps({ pipelineRunId: this.flags.run, ...request });
  }
}
