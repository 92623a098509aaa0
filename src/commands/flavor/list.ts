import { ListCommand, pageOf, type ListRequest } from '../../cli/entity-commands.js';
import type { FlavorDescriptor } from '../../sdk/client.js';

type FlavorRow = Pick<FlavorDescriptor, 'type' | 'name' | 'plugin' | 'description' | 'docsUrl'>;

export default class FlavorList extends ListCommand<typeof FlavorList, FlavorRow> {
  static summary = 'List the flavors of every component type and the plugins that provide them.';
  static examples = ['<%= config.bin %> flavor list', '<%= config.bin %> flavor list --json'];
  static flags = { ...ListCommand.flags };

  protected readonly columns = [
    { header: 'type', get: (f: FlavorRow) => f.type },
    { header: 'flavor', get: (f: FlavorRow) => f.name },
    { header: 'plugin', get: (f: FlavorRow) => f.plugin },
    { header: 'description', get: (f: FlavorRow) => f.description },
  ];

  protected async fetch(request: ListRequest) {
    const flavors = await (await this.client()).listFlavors();
    return pageOf(flavors.map(({ type, name, plugin, description, docsUrl }) => ({ type, name, plugin, description, docsUrl })), request);
  }
}
