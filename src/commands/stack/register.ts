import { Args, Flags } from '@oclif/core';
import { componentFlags, selectionFromFlags } from '../../cli/stack-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackRegister extends ZenCommand<typeof StackRegister> {
  static summary = 'Register a stack from existing components.';
  static examples = ['<%= config.bin %> stack register prod -o my_orchestrator -a my_store --set'];
  static args = { name: Args.string({ description: 'Name of the stack.', required: true }) };
  static flags = { ...componentFlags, set: Flags.boolean({ summary: 'Make it the active stack.', default: false }) };

  async run() {
    const { registerStack, describeStack, setActiveStack, COMPONENT_FLAG } = await import('../../stack/stack-service.js');
    const { promptMissingComponents } = await import('../../cli/stack-prompts.js');
    const context = await this.zen();
    const selection = selectionFromFlags(this.flags);
    await promptMissingComponents(context, selection, this.interactive, COMPONENT_FLAG);
    const stack = await registerStack(context, this.args.name, selection);
    this.log(`Registered stack '${stack.name}'.`);
    if (this.flags.set) {
      const result = await setActiveStack(context, stack.name);
      this.log(`Active stack (${result.scope}): '${stack.name}'.`);
    }
    return describeStack(context, stack.id);
  }
}
