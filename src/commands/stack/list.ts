import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import type { StackRow } from '../../cli/stack-rows.js';

export default class StackList extends ListCommand<typeof StackList, StackRow> {
  static summary = 'List stacks; the active one is marked.';
  static flags = { ...ListCommand.flags, ...filterFlags };
  protected readonly columns = [
    { header: 'active', get: (s: StackRow) => s.active, kind: 'flag' as const },
    { header: 'name', get: (s: StackRow) => s.name },
    { header: 'orchestrator', get: (s: StackRow) => s.components.orchestrator },
    { header: 'artifact store', get: (s: StackRow) => s.components.artifact_store },
    { header: 'other components', get: (s: StackRow) => Object.entries(s.components).filter(([t]) => t !== 'orchestrator' && t !== 'artifact_store').map(([t, n]) => `${t}: ${n}`) },
    { header: 'owner', get: (s: StackRow) => s.owner },
  ];

  protected async fetch(request: ListRequest) {
    const { stackRows } = await import('../../cli/stack-rows.js');
    return stackRows(await this.client(), request);
  }
}
