import { Flags } from '../../vendor/oclif.js';
import { ListCommand, type ListRequest } from '../../cli/entity-commands.js';
import { filterFlags } from '../../cli/flags.js';
import { serviceAccountColumns } from '../../cli/identity-rows.js';
import type { UserModel } from '../../core/identity-entities.js';

export default class ServiceAccountList extends ListCommand<typeof ServiceAccountList, UserModel> {
  static summary = 'List service accounts.';
  static examples = ['<%= config.bin %> service-account list', '<%= config.bin %> service-account list --output json'];
  static flags = { ...ListCommand.flags, ...filterFlags, active: Flags.boolean({ summary: 'Only active (or with --no-active, deactivated) accounts.', allowNo: true }) };
  protected readonly columns = serviceAccountColumns;

  protected async fetch(request: ListRequest) {
    return (await this.client()).listServiceAccounts({ ...request, active: this.flags.active });
  }
}
