import { ZenCommand } from '../../cli/zen-command.js';

export default class SchedulerStatus extends ZenCommand<typeof SchedulerStatus> {
  static summary = 'Show whether the scheduler daemon runs, its pid and log file.';
  static examples = ['<%= config.bin %> scheduler status', '<%= config.bin %> scheduler status --json'];

  async run() {
    const status = await (await this.client()).getSchedulerStatus();
    this.log(status.running ? `Scheduler daemon running (pid ${status.pid}); log: ${status.logFile}.` : `No scheduler daemon is running; log: ${status.logFile}.`);
    return status;
  }
}
