import { Args, Flags } from '../../../vendor/oclif.js';
import { ZenCommand } from '../../../cli/zen-command.js';
import type { RunTemplateModel } from '../../../core/run-template-entities.js';

export default class PipelineSnapshotCreate extends ZenCommand<typeof PipelineSnapshotCreate> {
  static summary = 'Keep a pipeline and an archive of its code under a name, to run later without the file.';
  static description = 'Compiles the pipeline the file exports, stores an archive of the file and the local modules it imports in the active artifact store, and records both as a pipeline snapshot (ZenML run template).';
  static examples = ['<%= config.bin %> pipeline snapshot create train.ts --name nightly', '<%= config.bin %> pipeline snapshot create train.ts --name nightly --config prod.yaml --json'];
  static enableJsonFlag = true;
  static args = { file: Args.string({ description: 'File that exports the pipeline.', required: true }) };
  static flags = {
    name: Flags.string({ char: 'n', summary: 'Name of the snapshot (unique in the project).', required: true }),
    config: Flags.string({ char: 'c', summary: 'YAML run config kept with the snapshot (parameters, steps.<id>.parameters, ...).' }),
    pipeline: Flags.string({ char: 'p', summary: 'Name of the export to keep when the file exports several pipelines.' }),
    description: Flags.string({ char: 'd', summary: 'What the snapshot is for.' }),
    stack: Flags.string({ summary: "Keep the code archive in this stack's artifact store instead of the active one's." }),
  };

  async run(): Promise<RunTemplateModel> {
    const snapshot = await (await this.client()).createPipelineSnapshot({
      file: this.args.file,
      name: this.flags.name,
      configPath: this.flags.config,
      exportName: this.flags.pipeline,
      description: this.flags.description,
      stack: this.flags.stack,
    });
    this.log(`Created pipeline snapshot ${snapshot.name} of pipeline ${snapshot.pipelineName} (code ${snapshot.codeHash.slice(0, 12)} in ${snapshot.codeUri}).`);
    return snapshot;
  }
}
