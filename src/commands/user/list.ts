import { Flags } from '../../vendor/oclif.js';
import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import { userColumns } from '../../cli/identity-rows.js';
import type { UserModel } from '../../core/identity-entities.js';

export default class UserList extends ListCommand<typeof UserList, UserModel> {
  static summary = 'List users (service accounts are listed by `zenml service-account list`).';
  static examples = ['<%= config.bin %> user list', '<%= config.bin %> user list --active --output json'];
  static flags = { ...ListCommand.flags, ...filterFlags, active: Flags.boolean({ summary: 'Only active (or with --no-active, deactivated) users.', allowNo: true }) };
  protected readonly columns = userColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listUsers({ ...request, active: this.flags.active });
  }
}
