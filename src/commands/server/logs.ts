import { Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class ServerLogs extends ZenCommand<typeof ServerLogs> {
  static summary = "Print the server daemon's log; --follow keeps printing what it appends.";
  static examples = ['<%= config.bin %> server logs', '<%= config.bin %> server logs --tail 50 --follow'];
  static flags = {
    follow: Flags.boolean({ char: 'f', summary: 'Keep printing new lines until Ctrl-C.', default: false }),
    tail: Flags.integer({ char: 't', summary: 'Only the last N lines.', min: 0 }),
  };

  async run() {
    const { followLog, readLog } = await import('../../server/daemon.js');
    const { serverFiles } = await import('../../server/server-files.js');
    const text = readLog(process.env, this.flags.tail);
    if (this.jsonEnabled()) return { logFile: serverFiles().log, lines: text.split('\n').filter(Boolean) };
    process.stdout.write(text);
    if (this.flags.follow) {
      const stop = new AbortController();
      const abort = () => stop.abort();
      process.once('SIGINT', abort);
      process.once('SIGTERM', abort);
      await followLog((chunk) => process.stdout.write(chunk), stop.signal);
    }
    return { logFile: serverFiles().log, lines: text.split('\n').filter(Boolean) };
  }
}
