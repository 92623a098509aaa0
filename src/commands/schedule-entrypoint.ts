import { Flags } from '../vendor/oclif.js';
import { ZenCommand } from '../cli/zen-command.js';

export default class ScheduleEntrypoint extends ZenCommand<typeof ScheduleEntrypoint> {
  static hidden = true;
  static summary = 'Run one claimed firing of a schedule (what `zenml scheduler` starts for each firing).';
  static flags = {
    schedule: Flags.string({ summary: 'Schedule id.', required: true }),
    'scheduled-for': Flags.string({ summary: 'Scheduled time of the firing (ISO 8601).' }),
  };

  async run() {
    const result = await (await this.client()).fireSchedule(this.flags.schedule, { scheduledFor: this.flags['scheduled-for'] });
    if (result.status !== 'completed') process.exitCode = 1;
    if (!this.jsonEnabled()) this.log(`Run ${result.name} of schedule ${this.flags.schedule} ${result.status}${result.error ? `: ${result.error}` : ''}.`);
    return { id: result.id, name: result.name, status: result.status, error: result.error, scheduleId: result.scheduleId };
  }
}
