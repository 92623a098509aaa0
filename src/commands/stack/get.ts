import { DescribeCommand } from '../../cli/entity-commands.js';

interface ActiveStack {
  name: string;
  id: string;
  source: string;
}

export default class StackGet extends DescribeCommand<typeof StackGet, ActiveStack> {
  static summary = 'Show the name of the active stack and where it was chosen.';

  protected async fetch(): Promise<ActiveStack> {
    const { source, name, id } = await (await this.client()).getActiveStack();
    return { name, id, source };
  }

  protected renderTableView(stack: ActiveStack): string {
    return `Active stack: '${stack.name}' (from ${stack.source}).`;
  }
}
