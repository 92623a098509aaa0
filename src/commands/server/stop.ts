import { ZenCommand } from '../../cli/zen-command.js';

export default class ServerStop extends ZenCommand<typeof ServerStop> {
  static summary = 'Stop the server daemon of this config dir.';
  static examples = ['<%= config.bin %> server stop'];

  async run() {
    const { stopServer } = await import('../../server/daemon.js');
    const result = await stopServer();
    this.log(result.stopped ? `Stopped the ZenML server (pid ${result.pid}).` : 'No ZenML server is running from this config dir.');
    return result;
  }
}
