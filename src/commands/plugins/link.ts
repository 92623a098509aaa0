import { Args } from '../../vendor/oclif.js';
import { PluginChangeCommand } from '../../cli/plugin-change-command.js';

export default class PluginsLink extends PluginChangeCommand {
  static summary = 'Link a flavor plugin folder (for plugin development).';
  static description = 'The folder needs its own node_modules (with zenml resolvable) and a built dist/.';
  static examples = ['<%= config.bin %> plugins link ./my-flavor'];
  static args = { path: Args.string({ description: 'Folder of the plugin.', required: true }) };
  protected readonly pluginsCommand = 'plugins:link' as const;
  protected readonly verb = 'Linked';
}
