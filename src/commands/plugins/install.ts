import { Args } from '../../vendor/oclif.js';
import { PluginChangeCommand } from '../../cli/plugin-change-command.js';

export default class PluginsInstall extends PluginChangeCommand {
  static summary = 'Install a flavor plugin from npm or a tarball (file:/abs/path.tgz).';
  static description = 'Installs through @oclif/plugin-plugins into the data dir (ZENML_DATA_DIR), then checks that the package is a zenml flavor plugin; one that is not is removed again.';
  static examples = ['<%= config.bin %> plugins install @acme/zenml-flavor-s3', '<%= config.bin %> plugins install file:/abs/path/zenml-flavor-x-1.0.0.tgz'];
  static args = { plugin: Args.string({ description: 'npm package name, or file:/abs/path.tgz.', required: true }) };
  protected readonly pluginsCommand = 'plugins:install' as const;
  protected readonly verb = 'Installed';
}
