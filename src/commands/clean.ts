import { rm } from 'node:fs/promises';
import { ZenCommand } from '../cli/zen-command.js';
import { yesFlag } from '../cli/flags.js';
import { confirmOrFail } from '../cli/prompts.js';

export default class Clean extends ZenCommand<typeof Clean> {
  static summary = 'Delete the global config, the local store and every local artifact.';
  static description = 'Starts from scratch: the next command recreates the default stack. Asks first unless -y.';
  static flags = { yes: yesFlag };

  async run() {
    const { configDir } = await import('../config/paths.js');
    const dir = configDir();
    await confirmOrFail(`Delete everything in ${dir} (runs, artifacts, stacks)?`, this.flags.yes, this.interactive);
    const { endCliSession } = await import('../sdk/cli-session.js');
    await endCliSession();
    await rm(dir, { recursive: true, force: true });
    this.log(`Deleted ${dir}.`);
    return { deleted: dir };
  }
}
