import { Args } from '@oclif/core';
import { runColumns, shortTime } from '../../cli/columns.js';
import { DescribeCommand } from '../../cli/entity-commands.js';
import { renderRecord, renderTable } from '../../cli/output.js';
import type { PipelineModel, RunModel } from '../../core/entities.js';

const LATEST_RUNS = 5;

type PipelineDetails = PipelineModel & { runCount: number; latestRuns: Array<Pick<RunModel, 'id' | 'name' | 'status' | 'created'>> };

export default class PipelineDescribe extends DescribeCommand<typeof PipelineDescribe, PipelineDetails> {
  static summary = 'Show a pipeline and its latest runs.';
  static examples = ['<%= config.bin %> pipeline describe training'];
  static args = { pipeline: Args.string({ description: 'Pipeline name or id.', required: true }) };
  static flags = { ...DescribeCommand.flags };

  protected async fetch(): Promise<PipelineDetails> {
    const client = await this.client();
    const pipeline = await client.getPipeline(this.args.pipeline);
    const runs = await client.listPipelineRuns({ pipeline: pipeline.id, size: LATEST_RUNS });
    return { ...pipeline, runCount: runs.total, latestRuns: runs.items.map(({ id, name, status, created }) => ({ id, name, status, created })) };
  }

  protected async renderTableView({ latestRuns, ...pipeline }: PipelineDetails): Promise<string> {
    const record = await renderRecord({ ...pipeline, created: shortTime(pipeline.created), updated: shortTime(pipeline.updated) }, this.color);
    if (latestRuns.length === 0) return `${record}\nNo runs yet.`;
    const columns = runColumns.filter((c) => ['name', 'status', 'created', 'id'].includes(c.header)) as typeof runColumns;
    return `${record}\nLatest runs:\n${await renderTable(latestRuns as RunModel[], columns, this.color)}`;
  }
}
