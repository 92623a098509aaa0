/**
 * `zenml user ...` and `zenml service-account ...` describe, update, deactivate and delete
 * the same kind of record (a service account is a user that logs in with API keys): one body
 * each here, told apart by an AccountKind (the noun and the Client calls).
 */
import { Args, type Command } from '../vendor/oclif.js';
import { UsageError } from '../core/errors.js';
import type { UserModel, UserUpdate } from '../core/identity-entities.js';
import type { Client } from '../sdk/client.js';
import { DeleteCommand, DescribeCommand, type DeleteTarget } from './entity-commands.js';
import { ZenCommand } from './zen-command.js';

export interface AccountKind {
  /** In messages: `user`, `service account`. */
  noun: string;
  get(client: Client, nameOrId: string): Promise<UserModel>;
  update(client: Client, nameOrId: string, update: UserUpdate): Promise<UserModel>;
  deactivate(client: Client, nameOrId: string): Promise<UserModel>;
  remove(client: Client, id: string): Promise<void>;
  /** What else a delete takes with it, for the confirmation question. */
  deleteConsequence?: string;
}

export const USER_ACCOUNT: AccountKind = {
  noun: 'user',
  get: (client, nameOrId) => client.getUser(nameOrId),
  update: (client, nameOrId, update) => client.updateUser(nameOrId, update),
  deactivate: (client, nameOrId) => client.deactivateUser(nameOrId),
  remove: (client, id) => client.deleteUser(id),
};

export const SERVICE_ACCOUNT: AccountKind = {
  noun: 'service account',
  get: (client, nameOrId) => client.getServiceAccount(nameOrId),
  update: (client, nameOrId, update) => client.updateServiceAccount(nameOrId, update),
  deactivate: (client, nameOrId) => client.deactivateServiceAccount(nameOrId),
  remove: (client, id) => client.deleteServiceAccount(id),
  deleteConsequence: 'and its API keys',
};

/** The NAME argument every account command takes. */
export const accountArgs = (kind: AccountKind) => ({ name: Args.string({ description: `Name or id of the ${kind.noun}.`, required: true }) });

const nameArg = (args: unknown): string => (args as { name: string }).name;

export abstract class AccountDescribeCommand<T extends typeof Command> extends DescribeCommand<T, UserModel> {
  protected abstract readonly account: AccountKind;

  protected async fetch(): Promise<UserModel> {
    return this.account.get(await this.client(), nameArg(this.args));
  }
}

export abstract class AccountDeactivateCommand<T extends typeof Command> extends ZenCommand<T> {
  protected abstract readonly account: AccountKind;

  async run(): Promise<UserModel> {
    const account = await this.account.deactivate(await this.client(), nameArg(this.args));
    this.log(`Deactivated ${this.account.noun} '${account.name}'.`);
    return account;
  }
}

export abstract class AccountDeleteCommand<T extends typeof Command> extends DeleteCommand<T> {
  protected abstract readonly account: AccountKind;

  protected async find(): Promise<DeleteTarget> {
    const account = await this.account.get(await this.client(), nameArg(this.args));
    return { type: this.account.noun, id: account.id, name: account.name, consequence: this.account.deleteConsequence };
  }

  protected async remove(target: DeleteTarget): Promise<void> {
    await this.account.remove(await this.client(), target.id);
  }
}

/**
 * `update`: the subclass turns its flags into the change (a user has more fields than a
 * service account); an empty change is refused with the flags that would make one.
 */
export abstract class AccountUpdateCommand<T extends typeof Command> extends ZenCommand<T> {
  protected abstract readonly account: AccountKind;
  /** The flags that change something, for the "Nothing to update" hint. */
  protected abstract readonly changeFlags: string;
  protected abstract change(): Promise<UserUpdate>;

  async run(): Promise<UserModel> {
    const update = await this.change();
    if (Object.values(update).every((value) => value === undefined)) throw new UsageError('Nothing to update.', `Pass ${this.changeFlags}.`);
    const account = await this.account.update(await this.client(), nameArg(this.args), update);
    this.log(`Updated ${this.account.noun} '${account.name}'.`);
    return account;
  }
}
