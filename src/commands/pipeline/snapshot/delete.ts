import { DeleteCommand, type DeleteTarget } from '../../../cli/entity-commands.js';
import { snapshotArg } from '../../../cli/snapshot-commands.js';

export default class PipelineSnapshotDelete extends DeleteCommand<typeof PipelineSnapshotDelete> {
  static summary = 'Delete a pipeline snapshot and its code archive (runs made from it stay).';
  static examples = ['<%= config.bin %> pipeline snapshot delete nightly -y'];
  static args = snapshotArg;

  protected async find(): Promise<DeleteTarget> {
    const snapshot = await (await this.client()).getPipelineSnapshot(this.args.snapshot);
    return { type: 'pipeline snapshot', id: snapshot.id, name: snapshot.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deletePipelineSnapshot(target.id);
  }
}
