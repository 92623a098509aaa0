import { Args } from '../../vendor/oclif.js';
import { DeleteCommand, type DeleteTarget } from '../../cli/entity-commands.js';

export default class SecretDelete extends DeleteCommand<typeof SecretDelete> {
  static summary = 'Delete a secret and every copy of its values.';
  static args = { name: Args.string({ description: 'Name or id of the secret.', required: true }) };
  static flags = { ...DeleteCommand.flags };

  protected async find(): Promise<DeleteTarget> {
    const secret = await (await this.client()).getSecret(this.args.name, { values: false });
    return { type: 'secret', id: secret.id, name: secret.name };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await (await this.client()).deleteSecret(target.id);
  }
}
