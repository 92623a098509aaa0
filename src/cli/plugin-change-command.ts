import type { Command } from '../vendor/oclif.js';
import { ZenCommand } from './zen-command.js';
import type { PluginView } from './plugin-commands.js';

/**
 * `plugins install` and `plugins link`: run @oclif/plugin-plugins, then make sure what was
 * added is a zenml flavor plugin. One that is not is removed again, so nothing changes.
 */
export abstract class PluginChangeCommand extends ZenCommand<typeof Command> {
  static strict = false;
  protected abstract readonly pluginsCommand: 'plugins:install' | 'plugins:link';
  protected abstract readonly verb: string;

  async run(): Promise<{ added: PluginView[] }> {
    const lib = await import('./plugin-commands.js');
    const passThrough = this.argv.filter((arg) => arg !== '--json');
    const before = new Set(await lib.userPluginNames(this.config));
    await lib.runPluginsCommand(this.pluginsCommand, passThrough, this.config);
    const added = (await lib.userPluginNames(this.config)).filter((name) => !before.has(name));
    const { config, registry } = await lib.reloadFlavors(this.config);
    for (const name of added) {
      const problem = lib.flavorPluginProblem(config, registry, name);
      if (problem) {
        await lib.runPluginsCommand('plugins:uninstall', [name], config).catch(() => undefined);
        await lib.reloadFlavors(this.config);
        throw new lib.PluginRejected(`Refused plugin ${name}: ${problem}`, { hint: 'It was removed again; nothing changed.', exitCode: 2 });
      }
    }
    const views = lib.pluginViews(config, registry).filter((view) => added.includes(view.name));
    for (const view of views) {
      this.log(`${this.verb} ${view.name}@${view.version}: flavors ${view.flavors.join(', ')}.`);
      for (const problem of view.problems) this.warn(`Plugin ${view.name}: ${problem}`);
    }
    return { added: views };
  }
}
