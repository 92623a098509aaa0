import { Flags } from '../vendor/oclif.js';
import { ZenCommand } from '../cli/zen-command.js';
import { UsageError } from '../core/errors.js';

export default class Show extends ZenCommand<typeof Show> {
  static summary = 'Open the dashboard of the connected ZenML server in a browser (or print its URL).';
  static description =
    'The server is the one `zenml login` connected to (or ZENML_STORE_URL), else a server started from this config dir with `zenml server start --daemon`. Without a display (SSH, CI), with --no-browser or --json, the URL is printed instead.';
  static examples = ['<%= config.bin %> show', '<%= config.bin %> show --no-browser', '<%= config.bin %> show --json'];
  static flags = {
    'no-browser': Flags.boolean({ summary: 'Print the URL without opening a browser.', default: false }),
  };

  async run() {
    const [{ connectedServerUrl }, { runningServer }] = await Promise.all([import('../sdk/connected-server.js'), import('../server/start.js')]);
    const url = (await connectedServerUrl()) ?? runningServer()?.url;
    if (!url) throw new UsageError('No ZenML server to show: the CLI uses the local store.', 'Start one with `zenml server start --daemon` (then `zenml login --local`), or connect to one with `zenml login URL`.');
    let opened = false;
    if (!this.flags['no-browser'] && !this.jsonEnabled()) {
      const { openBrowser } = await import('../cli/open-browser.js');
      opened = await openBrowser(url);
    }
    this.log(opened ? `Opened the dashboard at ${url} in your browser.` : `Dashboard: ${url}`);
    return { url, opened };
  }
}
