import { Args, Command, loadHelpClass } from '../vendor/oclif.js';

/**
 * `zenml help [COMMAND...]`: oclif's own help renderer behind a command of ours. The same
 * thing as @oclif/plugin-help, without loading a plugin on every start (~25 ms).
 */
export default class Help extends Command {
  static summary = 'Show help for zenml, a topic or a command.';
  static examples = ['<%= config.bin %> help', '<%= config.bin %> help stack', '<%= config.bin %> help stack register'];
  static strict = false;
  static args = { command: Args.string({ description: 'Topic or command words, e.g. `stack register`.' }) };

  async run(): Promise<void> {
    const { argv } = await this.parse(Help);
    const HelpClass = await loadHelpClass(this.config);
    await new HelpClass(this.config, { all: false }).showHelp(argv as string[]);
  }
}
