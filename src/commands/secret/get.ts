import { Args, Flags } from '../../vendor/oclif.js';
import { DescribeCommand } from '../../cli/entity-commands.js';
import type { SecretView } from '../../cli/secret-view.js';

export default class SecretGet extends DescribeCommand<typeof SecretGet, SecretView> {
  static summary = 'Show a secret: its keys, with values masked unless --reveal.';
  static examples = ['<%= config.bin %> secret get db', '<%= config.bin %> secret get db --reveal --json'];
  static args = { name: Args.string({ description: 'Name or id of the secret.', required: true }) };
  static flags = {
    ...DescribeCommand.flags,
    reveal: Flags.boolean({ summary: 'Print the values in plain text.', default: false }),
  };

  protected async fetch(): Promise<SecretView> {
    const { secretView } = await import('../../cli/secret-view.js');
    const client = await this.client();
    if (!this.flags.reveal) return secretView(await client.getSecret(this.args.name, { values: false }));
    const { values, ...secret } = await client.getSecret(this.args.name);
    return secretView(secret, values);
  }

  protected async renderTableView(view: SecretView): Promise<string> {
    const { renderRecord, renderTable } = await import('../../cli/output.js');
    const { values, keys: _keys, ...meta } = view;
    const head = await renderRecord(meta as Record<string, unknown>, this.color);
    const rows = Object.entries(values).map(([key, value]) => ({ key, value }));
    const body = await renderTable(rows, [{ header: 'key', get: (r) => r.key }, { header: 'value', get: (r) => r.value }], this.color);
    return `${head}\n${body}`;
  }
}
