import { Args } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class StackDelete extends DeleteCommand<typeof StackDelete> {
  static summary = 'Delete a stack (its components stay).';
  static args = { name: Args.string({ description: 'Name or id of the stack.', required: true }) };

  protected async find(): Promise<DeleteTarget> {
    const stack = await (await this.client()).checkStackDeletable(this.args.name);
    return { type: 'stack', id: stack.id, name: stack.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteStack(target.id);
  }
}
