import { Flags } from '../../../vendor/oclif.js';
import { ListCommand, type ListRequest } from '../../../cli/entity-commands.js';
import { filterFlags } from '../../../cli/flags.js';
import { snapshotColumns } from '../../../cli/snapshot-commands.js';
import type { RunTemplateModel } from '../../../core/run-template-entities.js';

export default class PipelineSnapshotList extends ListCommand<typeof PipelineSnapshotList, RunTemplateModel> {
  static summary = 'List pipeline snapshots, newest first.';
  static examples = ['<%= config.bin %> pipeline snapshot list', '<%= config.bin %> pipeline snapshot list --pipeline training --json'];
  static flags = {
    ...ListCommand.flags,
    ...filterFlags,
    pipeline: Flags.string({ char: 'p', summary: 'Only snapshots of this pipeline (name).' }),
  };

  protected readonly columns = snapshotColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listPipelineSnapshots({ ...request, pipeline: this.flags.pipeline });
  }
}
