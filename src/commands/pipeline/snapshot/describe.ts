import { DescribeCommand } from '../../../cli/entity-commands.js';
import { snapshotArg } from '../../../cli/snapshot-commands.js';
import type { RunTemplateModel } from '../../../core/run-template-entities.js';

export default class PipelineSnapshotDescribe extends DescribeCommand<typeof PipelineSnapshotDescribe, RunTemplateModel> {
  static summary = 'Show a pipeline snapshot: its pipeline, steps, run config and code archive.';
  static examples = ['<%= config.bin %> pipeline snapshot describe nightly', '<%= config.bin %> pipeline snapshot describe nightly --json'];
  static args = snapshotArg;

  protected async fetch(): Promise<RunTemplateModel> {
    return (await this.client()).getPipelineSnapshot(this.args.snapshot);
  }
}
