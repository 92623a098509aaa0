import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackRename extends ZenCommand<typeof StackRename> {
  static summary = 'Rename a stack.';
  static args = {
    name: Args.string({ description: 'Name or id of the stack.', required: true }),
    newName: Args.string({ description: 'The new name.', required: true }),
  };

  async run() {
    const client = await this.client();
    const stack = await client.updateStack(this.args.name, { name: this.args.newName });
    this.log(`Renamed stack '${this.args.name}' to '${stack.name}'.`);
    return client.describeStack(stack.id);
  }
}
