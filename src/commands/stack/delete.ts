import { Args } from '@oclif/core';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class StackDelete extends DeleteCommand<typeof StackDelete> {
  static summary = 'Delete a stack (its components stay).';
  static args = { name: Args.string({ description: 'Name or id of the stack.', required: true }) };

  protected async find(): Promise<DeleteTarget> {
    const { assertStackDeletable } = await import('../../stack/stack-service.js');
    const context = await this.zen();
    const stack = await context.store.getStack(this.args.name);
    await assertStackDeletable(context, stack);
    return { type: 'stack', id: stack.id, name: stack.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    const { deleteStack } = await import('../../stack/stack-service.js');
    await deleteStack(await this.zen(), target.id);
  }
}
