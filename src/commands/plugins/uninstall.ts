import { Args } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';
import { UsageError } from '../../core/errors.js';

export default class PluginsUninstall extends ZenCommand<typeof PluginsUninstall> {
  static summary = 'Uninstall or unlink a flavor plugin.';
  static args = { plugin: Args.string({ description: 'Plugin name.', required: true }) };

  async run() {
    const lib = await import('../../cli/plugin-commands.js');
    const name = this.args.plugin;
    if (!(await lib.userPluginNames(this.config)).includes(name)) {
      const core = this.config.getPluginsList().some((p) => p.name === name);
      throw new UsageError(core ? `${name} is bundled with zenml and cannot be uninstalled.` : `No installed plugin named ${name}.`, 'See `zenml plugins list`.');
    }
    const { registry: before } = await lib.reloadFlavors(this.config);
    const flavors = before.ofPlugin(name);
    await lib.runPluginsCommand('plugins:uninstall', [name], this.config);
    await lib.reloadFlavors(this.config);
    const { allComponents } = await import('../../cli/stack-rows.js');
    const orphaned = (await allComponents(await this.client())).filter((c) => flavors.some((f) => f.type === c.type && f.name === c.flavor));
    if (orphaned.length > 0) this.warn(`These components now have no flavor: ${orphaned.map((c) => `${c.type} '${c.name}'`).join(', ')}.`);
    this.log(`Uninstalled ${name}.`);
    return { removed: name, orphanedComponents: orphaned.map((c) => ({ type: c.type, name: c.name, flavor: c.flavor })) };
  }
}
