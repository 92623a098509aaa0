import { Args } from '../../vendor/oclif.js';
import { DescribeCommand } from '../../cli/entity-commands.js';
import type { StackDescription } from '../../sdk/client.js';

export default class StackDescribe extends DescribeCommand<typeof StackDescribe, StackDescription> {
  static summary = 'Show a stack and its components (default: the active stack).';
  static args = { name: Args.string({ description: 'Name or id of the stack.' }) };

  protected async fetch(): Promise<StackDescription> {
    const client = await this.client();
    return client.describeStack(this.args.name ?? (await client.getActiveStack()).id);
  }

  protected async renderTableView(stack: StackDescription): Promise<string> {
    const { renderStack } = await import('../../cli/entity-views.js');
    return renderStack(stack, this.color);
  }
}
