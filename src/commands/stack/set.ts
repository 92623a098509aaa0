import { Args } from '@oclif/core';
import { ZenCommand } from '../../cli/zen-command.js';

export default class StackSet extends ZenCommand<typeof StackSet> {
  static summary = 'Switch the active stack (pinned in .zen/ inside a repository, else globally).';
  static examples = ['<%= config.bin %> stack set prod'];
  static args = { name: Args.string({ description: 'Name or id of the stack.', required: true }) };

  async run() {
    const result = await (await this.client()).activateStack(this.args.name);
    this.log(`Active stack (${result.scope}): '${result.stack.name}'.`);
    if (result.overriddenBy) this.warn(`${result.overriddenBy} is set and still wins in this shell.`);
    return { name: result.stack.name, id: result.stack.id, scope: result.scope, repositoryRoot: result.repositoryRoot ?? null };
  }
}
