import { Flags } from '../vendor/oclif.js';
import { ZenCommand } from '../cli/zen-command.js';

export default class Init extends ZenCommand<typeof Init> {
  static summary = 'Make the current (or given) folder a zenml repository (.zen/).';
  static description = 'A repository can pin its own active stack with `zenml stack set` run inside it.';
  static flags = { path: Flags.string({ summary: 'Folder to initialise (default: current folder).' }) };

  async run() {
    const { initRepository } = await import('../config/repository.js');
    const result = await initRepository(this.flags.path ?? process.cwd());
    this.log(result.created ? `Initialised a zenml repository in ${result.root}.` : `${result.root} already is a zenml repository.`);
    return result;
  }
}
