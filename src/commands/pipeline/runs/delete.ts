import { Args } from '../../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../../cli/entity-commands.js';

export default class PipelineRunsDelete extends DeleteCommand<typeof PipelineRunsDelete> {
  static summary = 'Delete a pipeline run and its step runs (artifact versions are kept).';
  static examples = ['<%= config.bin %> pipeline runs delete <run-name-or-id> -y'];
  static args = { run: Args.string({ description: 'Run name or id.', required: true }) };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const run = await (await this.client()).getPipelineRun(this.args.run);
    return { type: 'pipeline run', id: run.id, name: run.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deletePipelineRun(target.id);
  }
}
