import { Args } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class PipelineDelete extends DeleteCommand<typeof PipelineDelete> {
  static summary = 'Delete a pipeline with all its runs (artifact versions are kept).';
  static examples = ['<%= config.bin %> pipeline delete training -y'];
  static args = { pipeline: Args.string({ description: 'Pipeline name or id.', required: true }) };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const client = await this.client();
    const pipeline = await client.getPipeline(this.args.pipeline);
    const runs = (await client.listPipelineRuns({ pipeline: pipeline.id, size: 1 })).total;
    return { type: 'pipeline', id: pipeline.id, name: pipeline.name, consequence: runs > 0 ? `and its ${runs} run${runs === 1 ? '' : 's'}` : undefined };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deletePipeline(target.id);
  }
}
