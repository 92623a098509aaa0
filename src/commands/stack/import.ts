import { Args, Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackImport extends ZenCommand<typeof StackImport> {
  static summary = 'Register a stack and its components from a file written by `stack export`.';
  static examples = ['<%= config.bin %> stack import prod_copy -f prod.yaml'];
  static args = { name: Args.string({ description: 'Name of the new stack.', required: true }) };
  static flags = { file: Flags.string({ char: 'f', summary: 'The exported YAML file.', required: true }) };

  async run() {
    const client = await this.client();
    const result = await client.importStack(this.args.name, this.flags.file);
    this.log(`Imported stack '${result.stack.name}' (${result.created.length} new component(s), ${result.reused.length} reused).`);
    return { ...(await client.describeStack(result.stack.id)), createdComponents: result.created.map((c) => c.name), reusedComponents: result.reused.map((c) => c.name) };
  }
}
