import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import type { Column } from '../../cli/output.js';
import type { Page, SecretModel } from '../../core/entities.js';

export default class SecretList extends ListCommand<typeof SecretList, SecretModel> {
  static summary = 'List secrets: names, keys, owner, private, backend. Never values.';
  static flags = { ...ListCommand.flags, ...filterFlags };

  protected readonly columns: Column<SecretModel>[] = [
    { header: 'name', get: (s) => s.name },
    { header: 'keys', get: (s) => s.keys },
    { header: 'owner', get: (s) => s.owner },
    { header: 'private', get: (s) => s.private },
    { header: 'backend', get: (s) => s.backend },
    { header: 'id', get: (s) => s.id },
  ];

  protected async fetch(request: ListRequest): Promise<Page<SecretModel>> {
    return (await this.client()).listSecrets(request);
  }
}
