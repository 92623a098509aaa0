import { Args, Flags } from '../../../vendor/oclif.js';
import { scheduleTimingFlags } from '../../../cli/schedule-commands.js';
import { ZenCommand } from '../../../cli/zen-command.js';
import type { ScheduleModel } from '../../../core/schedule-entities.js';

export default class PipelineScheduleCreate extends ZenCommand<typeof PipelineScheduleCreate> {
  static summary = 'Schedule the pipeline a file exports on a cron expression.';
  static description =
    'Each firing runs the pipeline with the given run config, on the given (or the active) stack, as a run linked to the schedule. `zenml scheduler start` fires schedules on local stacks. Cron expressions take 5 fields, or 6 with seconds first.';
  static examples = [
    "<%= config.bin %> pipeline schedule create train.ts --cron '0 3 * * *' --name nightly",
    "<%= config.bin %> pipeline schedule create train.ts --cron '0 3 * * 1-5' --timezone Europe/Paris --config run.yaml --end 2027-01-01",
  ];
  static args = { file: Args.string({ description: 'File that exports the pipeline.', required: true }) };
  static flags = {
    cron: Flags.string({ summary: "Cron expression, e.g. '0 3 * * *' (03:00 daily) or '*/30 * * * * *' (every 30 s).", required: true }),
    name: Flags.string({ summary: 'Name of the schedule (default: <pipeline>-<date>-<time>).' }),
    ...scheduleTimingFlags,
    pipeline: Flags.string({ char: 'p', summary: 'Name of the export to schedule when the file exports several pipelines.' }),
    config: Flags.string({ char: 'c', summary: 'YAML run config each firing runs with.' }),
    stack: Flags.string({ summary: 'Stack the firings run on (default: the active stack).' }),
  };

  async run(): Promise<ScheduleModel> {
    const { cron, name, timezone, start, end, catchup, pipeline, config, stack } = this.flags;
    const schedule = await (await this.client()).createSchedule(this.args.file, { cron, name, timezone, start, end, catchup }, { pipeline, configPath: config, stack });
    this.log(`Created schedule ${schedule.name} for pipeline ${schedule.pipelineName}; next firing ${schedule.nextFireTime}.`);
    this.logToStderr(`Fire it on this machine with: ${this.config.bin} scheduler start --daemon`);
    return schedule;
  }
}
