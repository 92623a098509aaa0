import { Args, Flags } from '@oclif/core';
import { shortTime } from '../../../cli/columns.js';
import { DescribeCommand } from '../../../cli/entity-commands.js';
import { renderRecord, renderTable } from '../../../cli/output.js';
import type { RunDetails } from '../../../cli/run-details.js';
import { formatDuration } from '../../../cli/formats.js';

export default class PipelineRunsDescribe extends DescribeCommand<typeof PipelineRunsDescribe, RunDetails> {
  static summary = 'Show a run and its steps (status, duration, cache use); --graph draws its DAG.';
  static examples = ['<%= config.bin %> pipeline runs describe training-2025_01_01-12_00_00_000', '<%= config.bin %> pipeline runs describe <run-id> --graph'];
  static args = { run: Args.string({ description: 'Run name or id.', required: true }) };
  static flags = {
    ...DescribeCommand.flags,
    graph: Flags.boolean({ char: 'g', summary: 'Draw the DAG of steps (also adds a `graph` text field to JSON).', default: false }),
    ascii: Flags.boolean({ summary: 'Draw the DAG with plain ASCII characters (implies --graph).', default: false }),
  };

  protected async fetch(): Promise<RunDetails> {
    const { runDetails, dagNodes } = await import('../../../cli/run-details.js');
    const details = await runDetails(await this.client(), this.args.run);
    if (this.flags.graph || this.flags.ascii) {
      const { drawDag } = await import('../../../cli/dag-graph.js');
      details.graph = drawDag(dagNodes(details, { ascii: this.flags.ascii }), { ascii: this.flags.ascii });
    }
    return details;
  }

  protected async renderTableView({ steps, graph, config: _config, ...run }: RunDetails): Promise<string> {
    const summary = {
      name: run.name,
      id: run.id,
      pipeline: run.pipeline,
      status: run.status,
      reason: run.statusReason,
      created: shortTime(run.created),
      ended: shortTime(run.ended),
      duration: run.durationMs === null ? '' : formatDuration(run.durationMs),
      tags: run.tags,
    };
    const table = await renderTable(steps, [
      { header: 'step', get: (s) => s.invocationId },
      { header: 'status', get: (s) => s.status },
      { header: 'duration', get: (s) => (s.durationMs === null ? '' : formatDuration(s.durationMs)) },
      { header: 'cached', get: (s) => s.cached },
      { header: 'attempts', get: (s) => s.attempts },
      { header: 'error', get: (s) => s.error?.split('\n')[0] },
    ], this.color);
    const parts = [await renderRecord(summary, this.color), `Steps:\n${table}`];
    if (Object.keys(run.metadata).length > 0) parts.push(`Run metadata:\n${await renderRecord(run.metadata, this.color)}`);
    for (const step of steps) {
      if (Object.keys(step.metadata).length > 0) parts.push(`Metadata of step ${step.invocationId}:\n${await renderRecord(step.metadata, this.color)}`);
    }
    if (graph !== undefined) parts.push(`DAG:\n${graph}`);
    return parts.join('\n');
  }
}
