import { Args, Flags } from '../../../vendor/oclif.js';
import { ZenCommand } from '../../../cli/zen-command.js';

export default class PipelineRunsStop extends ZenCommand<typeof PipelineRunsStop> {
  static summary = 'Stop a running pipeline run (in this or another process).';
  static description =
    'No new step starts. By default running steps are abandoned and marked stopped; with --graceful they finish first. The run ends with status stopped. Waits up to --timeout seconds for the run to end.';
  static examples = ['<%= config.bin %> pipeline runs stop <run>', '<%= config.bin %> pipeline runs stop <run> --graceful --timeout 300'];
  static args = { run: Args.string({ description: 'Run name or id.', required: true }) };
  static flags = {
    graceful: Flags.boolean({ summary: 'Let running steps finish before the run stops.', default: false }),
    timeout: Flags.integer({ summary: 'Seconds to wait for the run to end (0: only ask).', default: 30, min: 0 }),
  };

  async run() {
    const run = await (await this.client()).stopPipelineRun(this.args.run, { graceful: this.flags.graceful, waitMs: this.flags.timeout * 1000 });
    const ended = run.status !== 'running' && run.status !== 'initializing' && run.status !== 'retrying';
    if (!this.jsonEnabled()) this.log(ended ? `Run ${run.name} ${run.status}.` : `Asked run ${run.name} to stop (${run.stopRequested}); it is still ${run.status}.`);
    return { id: run.id, name: run.name, status: run.status, stopRequested: run.stopRequested, statusReason: run.statusReason };
  }
}
