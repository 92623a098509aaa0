import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class PipelineBuild extends ZenCommand<typeof PipelineBuild> {
  static summary = 'Build the container images of a pipeline without running it.';
  static description =
    'Builds the images the stack\'s orchestrator would run the pipeline\'s steps in (orchestrators with containers, e.g. local_docker), reusing an image built from the same content, and pushes them when the stack has a container registry.';
  static examples = ['<%= config.bin %> pipeline build examples/quickstart/pipeline.ts', '<%= config.bin %> pipeline build train.ts --stack docker --json'];
  static args = { file: Args.string({ description: 'File that exports the pipeline.', required: true }) };
  static flags = {
    pipeline: Flags.string({ char: 'p', summary: 'Name of the export to build when the file exports several pipelines.' }),
    config: Flags.string({ char: 'c', summary: 'YAML run config (settings.docker, steps.<id>.settings, ...).' }),
    stack: Flags.string({ summary: 'Build for this stack instead of the active one.' }),
  };

  async run() {
    const result = await (await this.client()).buildPipelineFile(this.args.file, { pipeline: this.flags.pipeline, configPath: this.flags.config, stack: this.flags.stack });
    if (!this.jsonEnabled()) {
      for (const image of result.images) {
        const what = image.built ? 'Built' : 'Reused';
        this.log(`${what} ${image.digest ?? image.image}${image.pushed ? ' (pushed)' : ''} for steps ${image.steps.join(', ')}.`);
      }
    }
    return result;
  }
}
