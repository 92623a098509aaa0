import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackExport extends ZenCommand<typeof StackExport> {
  static summary = 'Write a stack and its components to a YAML file (secret references stay references).';
  static examples = ['<%= config.bin %> stack export prod prod.yaml'];
  static args = {
    name: Args.string({ description: 'Name or id of the stack.', required: true }),
    file: Args.string({ description: 'YAML file to write.', required: true }),
  };

  async run() {
    const data = await (await this.client()).exportStack(this.args.name, this.args.file, this.config.version);
    this.log(`Exported stack '${data.stack_name}' to ${this.args.file}.`);
    return { file: this.args.file, ...data };
  }
}
