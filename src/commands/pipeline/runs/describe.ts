import { Args, Flags } from '../../../vendor/oclif.js';
import { DescribeCommand } from '../../../cli/entity-commands.js';
import type { RunDetails } from '../../../cli/run-details.js';

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

  protected async renderTableView(details: RunDetails): Promise<string> {
    const { renderRun } = await import('../../../cli/entity-views.js');
    return renderRun(details, this.color);
  }
}
