import { Args } from '../../vendor/oclif.js';
import { optionalComponentSwitches, switchedTypes } from '../../cli/stack-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackRemoveComponent extends ZenCommand<typeof StackRemoveComponent> {
  static summary = 'Remove optional components from a stack.';
  static examples = ['<%= config.bin %> stack remove-component prod --container-registry'];
  static args = { name: Args.string({ description: 'Name or id of the stack.', required: true }) };
  static flags = { ...optionalComponentSwitches };

  async run() {
    const client = await this.client();
    const types = switchedTypes(this.flags);
    const stack = await client.updateStack(this.args.name, { removeComponents: types });
    this.log(`Removed ${types.map((t) => t.replace(/_/g, ' ')).join(', ')} from stack '${stack.name}'.`);
    return client.describeStack(stack.id);
  }
}
