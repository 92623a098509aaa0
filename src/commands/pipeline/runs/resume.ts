import { Args, Flags } from '../../../vendor/oclif.js';
import { RunCommand } from '../../../cli/run-command.js';

export default class PipelineRunsResume extends RunCommand<typeof PipelineRunsResume> {
  static summary = 'Re-run a failed or stopped run from its failed steps, as a new run linked to it.';
  static description =
    'Steps that completed in the original run are reused as they are (recorded as cached, whatever the cache setting); the others run again. The pipeline is imported again from the source file the run recorded; if that file changed since, pass --force to resume with the current code.';
  static examples = ['<%= config.bin %> pipeline runs resume training-2025_01_01-12_00_00_000', '<%= config.bin %> pipeline runs resume <run> --force --json'];
  static args = { run: Args.string({ description: 'Run name or id.', required: true }) };
  static flags = {
    force: Flags.boolean({ char: 'f', summary: 'Resume even though the pipeline source file changed since the run.', default: false }),
  };

  async run() {
    const result = await (await this.client()).resumePipelineRun(this.args.run, {
      force: this.flags.force,
      // Straight to stderr: oclif mutes logToStderr under --json, and a warning must not vanish.
      onWarning: (message) => process.stderr.write(`Warning: ${message}\n`),
      onProgress: this.onProgress,
    });
    const reused = Object.values(result.steps).filter((s) => s.cached).length;
    return this.finishRun(result, `resumed from ${this.args.run}; ${reused} step(s) reused`);
  }
}
