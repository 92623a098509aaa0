import { Args, Flags } from '../../vendor/oclif.js';
import { componentFlags, selectionFromFlags } from '../../cli/stack-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackRegister extends ZenCommand<typeof StackRegister> {
  static summary = 'Register a stack from existing components.';
  static examples = ['<%= config.bin %> stack register prod -o my_orchestrator -a my_store --set'];
  static args = { name: Args.string({ description: 'Name of the stack.', required: true }) };
  static flags = { ...componentFlags, set: Flags.boolean({ summary: 'Make it the active stack.', default: false }) };

  async run() {
    const { promptMissingComponents } = await import('../../cli/stack-prompts.js');
    const client = await this.client();
    const selection = selectionFromFlags(this.flags);
    await promptMissingComponents(client, selection, this.interactive);
    const stack = await client.createStack(this.args.name, selection);
    this.log(`Registered stack '${stack.name}'.`);
    if (this.flags.set) {
      const result = await client.activateStack(stack.name);
      this.log(`Active stack (${result.scope}): '${stack.name}'.`);
    }
    return client.describeStack(stack.id);
  }
}
