import { Args } from '@oclif/core';
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
    const { renderTable } = await import('../../cli/output.js');
    const rows = Object.entries(stack.components).map(([type, c]) => ({ type, ...c! }));
    const title = `Stack '${stack.name}'${stack.active ? ' (active)' : ''}, id ${stack.id}, owner ${stack.owner ?? '-'}`;
    return `${title}\n${await renderTable(rows, [
      { header: 'type', get: (r) => r.type },
      { header: 'name', get: (r) => r.name },
      { header: 'flavor', get: (r) => r.flavor },
      { header: 'config', get: (r) => r.config },
    ], this.color)}`;
  }
}
