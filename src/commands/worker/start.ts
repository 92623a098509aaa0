import { Flags } from '../../vendor/oclif.js';
import { ZenCommand } from '../../cli/zen-command.js';

export default class WorkerStart extends ZenCommand<typeof WorkerStart> {
  static summary = "Run steps from a stack's queue on this machine until stopped (orchestrators with workers, e.g. bullmq).";
  static description =
    "Takes steps from the queue of the stack's orchestrator, runs each through the step entrypoint against this machine's configured store, and records their outcome there. Start as many workers as you like, on any machine that reaches the queue, the store and the artifact store. Ctrl-C or SIGTERM stops taking steps, lets the running ones finish, and exits.";
  static examples = ['<%= config.bin %> worker start', '<%= config.bin %> worker start --stack team --concurrency 4'];
  static enableJsonFlag = false;
  static flags = {
    stack: Flags.string({ summary: 'Stack whose orchestrator queue to work for (default: the active stack).' }),
    concurrency: Flags.integer({ summary: "Steps run at once (default: the orchestrator's concurrency).", min: 1 }),
  };

  async run() {
    const client = await this.client();
    const stopping = new AbortController();
    const stop = (signal: NodeJS.Signals) => {
      // A second signal quits at once; the queue hands the worker's steps to another worker.
      if (stopping.signal.aborted) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      this.logToStderr(`Stopping the worker (${signal}): running steps finish first; press Ctrl-C again to quit at once.`);
      stopping.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    await client.startWorker({ stack: this.flags.stack, concurrency: this.flags.concurrency, log: (line) => this.logToStderr(line), signal: stopping.signal });
  }
}
