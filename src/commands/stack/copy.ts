import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackCopy extends ZenCommand<typeof StackCopy> {
  static summary = 'Copy a stack (same components) under a new name.';
  static args = {
    name: Args.string({ description: 'Name or id of the stack.', required: true }),
    newName: Args.string({ description: 'Name of the copy.', required: true }),
  };

  async run() {
    const client = await this.client();
    const stack = await client.copyStack(this.args.name, this.args.newName);
    this.log(`Copied stack '${this.args.name}' to '${stack.name}'.`);
    return client.describeStack(stack.id);
  }
}
