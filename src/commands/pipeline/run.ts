import { Args, Flags } from '../../vendor/oclif.js';
import { RunCommand } from '../../cli/run-command.js';

export default class PipelineRun extends RunCommand<typeof PipelineRun> {
  static summary = 'Run a pipeline exported by a TypeScript or JavaScript file.';
  static description = 'Imports the file (TypeScript compiled once and cached in the config dir until it or a local module it imports changes), runs the pipeline it exports on the active stack and exits 1 if the run fails.';
  static examples = [
    '<%= config.bin %> pipeline run examples/quickstart/pipeline.ts',
    '<%= config.bin %> pipeline run train.ts --pipeline training --config run.yaml --no-cache',
    "<%= config.bin %> pipeline run train.ts --schedule '0 3 * * *'",
    '<%= config.bin %> pipeline run train.ts --stack team --detach',
  ];
  static args = { file: Args.string({ description: 'File that exports the pipeline.', required: true }) };
  static flags = {
    pipeline: Flags.string({ char: 'p', summary: 'Name of the export to run when the file exports several pipelines.' }),
    config: Flags.string({ char: 'c', summary: 'YAML run config (runName, parameters, steps.<id>.parameters, ...).' }),
    cache: Flags.boolean({ summary: 'Reuse cached step outputs (use --no-cache to run every step).', allowNo: true }),
    stack: Flags.string({ summary: 'Run on this stack instead of the active one.' }),
    'run-name': Flags.string({ summary: 'Name of the run (may contain {date} and {time}).' }),
    schedule: Flags.string({ summary: 'Schedule the pipeline on this cron expression instead of running it now (see `pipeline schedule create`).' }),
    detach: Flags.boolean({ summary: 'Return once the steps are queued, without waiting (orchestrators with workers, e.g. bullmq).', default: false }),
  };

  async run() {
    const client = await this.client();
    // The file imports zenml's public face: loaded first, its modules are not among those
    // loaded once the file's source maps are on, each of which has its map read and parsed.
    await import('../../index.js');
    const result = await client.runPipelineFile(this.args.file, {
      pipeline: this.flags.pipeline,
      configPath: this.flags.config,
      enableCache: this.flags.cache,
      stack: this.flags.stack,
      runName: this.flags['run-name'],
      onProgress: this.onProgress,
      schedule: this.flags.schedule === undefined ? undefined : { cron: this.flags.schedule },
      detach: this.flags.detach || undefined,
    });
    if (result.schedule) {
      this.log(`Created schedule ${result.schedule.name}; next firing ${result.schedule.nextFireTime}.`);
      this.logToStderr(`Fire it on this machine with: ${this.config.bin} scheduler start --daemon`);
      return result.schedule;
    }
    if (this.flags.detach) return this.detachedRun(result);
    return this.finishRun(result);
  }
}
