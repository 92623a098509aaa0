import { Flags } from '../../../vendor/oclif.js';
import { RunCommand } from '../../../cli/run-command.js';
import { snapshotArg } from '../../../cli/snapshot-commands.js';

export default class PipelineSnapshotRun extends RunCommand<typeof PipelineSnapshotRun> {
  static summary = 'Run a pipeline snapshot from its stored code, on the active stack or another.';
  static description = 'Extracts the snapshot\'s code archive (once per archive), runs its pipeline with the snapshot\'s run config overlaid by --config, and exits 1 if the run fails. The original file is not needed.';
  static examples = ['<%= config.bin %> pipeline snapshot run nightly', '<%= config.bin %> pipeline snapshot run nightly --config more-trees.yaml --stack team'];
  static args = snapshotArg;
  static flags = {
    config: Flags.string({ char: 'c', summary: "YAML run config applied over the snapshot's own (its values win)." }),
    stack: Flags.string({ summary: 'Run on this stack instead of the active one.' }),
    'run-name': Flags.string({ summary: 'Name of the run (may contain {date} and {time}).' }),
  };

  async run() {
    const result = await (await this.client()).triggerPipeline({
      snapshotNameOrId: this.args.snapshot,
      configPath: this.flags.config,
      stack: this.flags.stack,
      runName: this.flags['run-name'],
      onProgress: this.onProgress,
    });
    return this.finishRun(result);
  }
}
