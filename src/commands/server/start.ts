import { join } from 'node:path';
import { Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ServerStart extends ZenCommand<typeof ServerStart> {
  static summary = 'Start the ZenML server (REST API over a store), in the foreground or as a daemon.';
  static description =
    'Serves every store operation under /api/v1 (OpenAPI document at /api/v1/openapi.json, health at /health) and the dashboard at /. With --daemon it runs in the background of this config dir: see `zenml server status`, `zenml server logs` and `zenml server stop`. Listening beyond loopback needs ZENML_DEFAULT_USER_PASSWORD.';
  static examples = [
    '<%= config.bin %> server start --daemon',
    '<%= config.bin %> server start --port 9000 --database sqlite:/srv/zenml/zenml.db',
    'ZENML_DEFAULT_USER_PASSWORD=... <%= config.bin %> server start --host 0.0.0.0 --database postgresql://zenml@db:5432/zenml --daemon',
  ];
  static flags = {
    host: Flags.string({ summary: 'Address to listen on.', default: '127.0.0.1' }),
    port: Flags.integer({ summary: 'Port to listen on (0 picks a free one).', default: 8237, min: 0, max: 65_535 }),
    database: Flags.string({ summary: 'The store to serve: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: the local store).' }),
    daemon: Flags.boolean({ summary: 'Run in the background; output goes to the server log.', default: false }),
  };

  async run() {
    const { host, port, database, daemon } = this.flags;
    if (daemon) {
      const { startDaemon } = await import('../../server/daemon.js');
      const state = await startDaemon({ host, port, database, cliScript: join(this.config.root, 'bin', 'run.js') });
      this.log(`ZenML server running at ${state.url} (pid ${state.pid}, database ${state.database}). Logs: ${state.logFile}`);
      this.log(`Dashboard: ${state.url}/ (or run \`zenml show\`)`);
      return state;
    }
    const { startServer } = await import('../../server/start.js');
    const server = await startServer({ host, port, database });
    // The log line a daemon's parent and a person at the terminal both look for.
    process.stderr.write(`ZenML server ${server.state.version} listening on ${server.state.url} (pid ${server.state.pid}, database ${server.state.database}). Stop it with Ctrl-C.\nDashboard: ${server.state.url}/\n`);
    await server.stopped;
    process.stderr.write('ZenML server stopped.\n');
    return server.state;
  }
}
