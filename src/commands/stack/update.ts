import { Args } from '../../vendor/oclif.js';
import { componentFlags, selectionFromFlags } from '../../cli/stack-flags.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackUpdate extends ZenCommand<typeof StackUpdate> {
  static summary = 'Replace or add components of a stack.';
  static examples = ['<%= config.bin %> stack update prod -o other_orchestrator --container-registry my_registry'];
  static args = { name: Args.string({ description: 'Name or id of the stack.', required: true }) };
  static flags = { ...componentFlags };

  async run() {
    const client = await this.client();
    const stack = await client.updateStack(this.args.name, { components: selectionFromFlags(this.flags) });
    if (this.format === 'table') this.log(`Updated stack '${stack.name}'.`);
    const { renderStack } = await import('../../cli/entity-views.js');
    return this.printEntity(await client.describeStack(stack.id), (description) => renderStack(description, this.color));
  }
}
