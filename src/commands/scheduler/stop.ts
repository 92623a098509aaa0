import { ZenCommand } from '../../cli/zen-command.js';

export default class SchedulerStop extends ZenCommand<typeof SchedulerStop> {
  static summary = 'Stop the scheduler daemon (runs it launched go on).';
  static examples = ['<%= config.bin %> scheduler stop'];

  async run() {
    const status = await (await this.client()).stopSchedulerDaemon();
    this.log(status.stopped ? `Scheduler daemon (pid ${status.pid}) stopped.` : 'No scheduler daemon is running.');
    return status;
  }
}
