import { DescribeCommand } from '../../../cli/entity-commands.js';

type BackendInfo = Awaited<ReturnType<import('../../../sdk/client.js').Client['describeSecretsBackend']>>;

export default class SecretBackendDescribe extends DescribeCommand<typeof SecretBackendDescribe, BackendInfo> {
  static summary = 'Show the active secrets backend and how many secrets live in each.';

  protected async fetch(): Promise<BackendInfo> {
    return (await this.client()).describeSecretsBackend();
  }

  protected renderTableView(info: BackendInfo): string {
    return [`Active backend: ${info.backend}`, ...Object.entries(info.secrets).map(([name, count]) => `  ${name}: ${count} secret(s)`)].join('\n');
  }
}
