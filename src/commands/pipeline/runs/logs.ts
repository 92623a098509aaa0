import { Args, Flags } from '../../../vendor/oclif.js';
import { LogsCommand } from '../../../cli/logs-command.js';
import type { Client } from '../../../sdk/client.js';

export default class PipelineRunsLogs extends LogsCommand<typeof PipelineRunsLogs> {
  static summary = "Print the stored output (stdout and stderr) of a run's steps; --follow streams it while they run.";
  static description =
    'Every step\'s output is stored in the artifact store as it runs, so the logs can be read from any machine that reaches that store, during the run or after it. Lines are prefixed with their step unless --step picks one. --json prints one JSON object per line: {"stepRunId", "step", "line"}.';
  static examples = [
    '<%= config.bin %> pipeline runs logs <run>',
    '<%= config.bin %> pipeline runs logs <run> --step trainer --follow',
    '<%= config.bin %> pipeline runs logs <run> --json',
  ];
  static args = { run: Args.string({ description: 'Run name or id.', required: true }) };
  static flags = {
    ...LogsCommand.flags,
    step: Flags.string({ char: 's', summary: 'Only this step: invocation id, step name or step run id.' }),
  };

  protected get prefixed(): boolean {
    return this.flags.step === undefined;
  }

  protected chunks(client: Client) {
    return client.streamPipelineRunLogs(this.args.run, { step: this.flags.step, follow: this.flags.follow });
  }
}
