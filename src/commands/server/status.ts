import { ZenCommand } from '../../cli/zen-command.js';

export default class ServerStatus extends ZenCommand<typeof ServerStatus> {
  static summary = 'Show whether the server of this config dir runs: URL, pid, uptime, database, health.';
  static examples = ['<%= config.bin %> server status', '<%= config.bin %> server status --json'];

  async run() {
    const { serverStatus } = await import('../../server/daemon.js');
    const status = await serverStatus();
    if (!status.running) {
      this.log('No ZenML server is running from this config dir. Start one with `zenml server start --daemon`.');
      return status;
    }
    this.log(`URL:      ${status.url}`);
    this.log(`PID:      ${status.pid}`);
    this.log(`Uptime:   ${formatUptime(status.uptimeSeconds ?? 0)}`);
    this.log(`Database: ${status.database}`);
    this.log(`Version:  ${status.version}`);
    this.log(`Health:   ${status.healthy ? 'ok' : 'not answering'}`);
    this.log(`Log:      ${status.logFile}`);
    return status;
  }
}

function formatUptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h ? `${h}h ${m}m` : m ? `${m}m ${seconds % 60}s` : `${seconds}s`;
}
