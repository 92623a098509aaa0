import { Args } from '../../../vendor/oclif.js';
import { LogsCommand } from '../../../cli/logs-command.js';
import type { Client } from '../../../sdk/client.js';

export default class StepRunsLogs extends LogsCommand<typeof StepRunsLogs> {
  static summary = 'Print the stored output (stdout and stderr) of one step run; --follow streams it while it runs.';
  static description = 'A cached step run shows the log of the step run that computed its outputs. --json prints one JSON object per line: {"stepRunId", "step", "line"}.';
  static examples = ['<%= config.bin %> step runs logs <step-run-id>', '<%= config.bin %> step runs logs <step-run-id> --follow'];
  static args = { id: Args.string({ description: 'Step run id, or a unique start of it as the tables show it (see `zenml step runs list --run RUN`).', required: true }) };
  static flags = { ...LogsCommand.flags };

  protected get prefixed(): boolean {
    return false;
  }

  protected chunks(client: Client) {
    return client.streamStepRunLogs(this.args.id, { follow: this.flags.follow });
  }
}
