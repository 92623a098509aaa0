import { Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class SchedulerStart extends ZenCommand<typeof SchedulerStart> {
  static summary = 'Fire due schedules on this machine (runs until stopped; --daemon detaches).';
  static description =
    'Each firing runs the pipeline in its own process, linked to its schedule. Several schedulers may run against one store: each firing is claimed in the store and runs once. A firing missed while no scheduler ran runs on start (once, or each one with catchup).';
  static examples = ['<%= config.bin %> scheduler start --daemon', '<%= config.bin %> scheduler start --max-concurrent 2'];
  static flags = {
    daemon: Flags.boolean({ char: 'd', summary: 'Run detached; pid and log files go under the config directory.', default: false }),
    'max-concurrent': Flags.integer({ summary: 'Firings running at once.', default: 4, min: 1 }),
    'poll-interval': Flags.integer({ summary: 'Longest wait between two looks at the store, in ms.', default: 1000, min: 50 }),
  };

  async run() {
    const client = await this.client();
    const maxConcurrent = this.flags['max-concurrent'];
    const pollMs = this.flags['poll-interval'];
    if (this.flags.daemon) {
      const status = await client.startSchedulerDaemon(['--max-concurrent', String(maxConcurrent), '--poll-interval', String(pollMs)]);
      this.log(`Scheduler daemon started (pid ${status.pid}); log: ${status.logFile}. Stop it with: ${this.config.bin} scheduler stop`);
      return status;
    }
    await client.runScheduler({ maxConcurrent, pollMs });
    return { running: false };
  }
}
