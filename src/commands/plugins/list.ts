import { ListCommand, pageOf } from '../../cli/entity-commands.js';
import type { PluginView } from '../../cli/plugin-commands.js';

export default class PluginsList extends ListCommand<typeof PluginsList, PluginView> {
  static summary = 'List flavor plugins (bundled, installed and linked) and the flavors each provides.';
  protected readonly columns = [
    { header: 'plugin', get: (p: PluginView) => p.name },
    { header: 'version', get: (p: PluginView) => p.version },
    { header: 'type', get: (p: PluginView) => p.type },
    { header: 'flavors', get: (p: PluginView) => p.flavors },
    { header: 'problems', get: (p: PluginView) => p.problems },
  ];

  protected async fetch(request: { page: number; size: number }) {
    const { pluginViews } = await import('../../cli/plugin-commands.js');
    const { loadFlavors } = await import('../../sdk/flavors.js');
    const registry = await loadFlavors();
    for (const problem of registry.problems) process.stderr.write(`Warning: plugin ${problem.plugin} is broken: ${problem.message}\n`);
    return pageOf(pluginViews(this.config, registry), request);
  }
}
