import { Args } from '@oclif/core';
import { componentFlags, selectionFromFlags } from '../../cli/stack-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackUpdate extends ZenCommand<typeof StackUpdate> {
  static summary = 'Replace or add components of a stack.';
  static examples = ['<%= config.bin %> stack update prod -o other_orchestrator --container-registry my_registry'];
  static args = { name: Args.string({ description: 'Name or id of the stack.', required: true }) };
  static flags = { ...componentFlags };

  async run() {
    const { updateStack, describeStack } = await import('../../stack/stack-service.js');
    const context = await this.zen();
    const stack = await updateStack(context, this.args.name, selectionFromFlags(this.flags));
    this.log(`Updated stack '${stack.name}'.`);
    return describeStack(context, stack.id);
  }
}
