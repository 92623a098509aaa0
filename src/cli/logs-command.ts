import { Flags, type Command } from '../vendor/oclif.js';
import type { Client, StepLogChunk } from '../sdk/client.js';
import { ZenCommand } from './zen-command.js';

/**
 * Shared body of `pipeline runs logs` and `step runs logs`: prints stored step output as it is
 * read (with --follow, as it is written, until the steps end). Text mode writes the log as
 * the step printed it, each line prefixed with its step when several steps are shown;
 * --json writes one JSON object per line: `{ stepRunId, step, line }`.
 */
export abstract class LogsCommand<T extends typeof Command> extends ZenCommand<T> {
  static flags = {
    follow: Flags.boolean({ char: 'f', summary: 'Keep printing new output until the steps have ended.', default: false }),
  };

  /** The chunks to print, from the Client. */
  protected abstract chunks(client: Client): AsyncIterable<StepLogChunk>;
  /** Whether lines carry their step's name (several steps shown). */
  protected abstract get prefixed(): boolean;

  async run(): Promise<undefined> {
    const client = await this.client();
    // A line may be split across chunks: each step's unfinished line waits for its end.
    const partial = new Map<string, { step: string; text: string }>();
    const noted = new Set<string>();
    let printed = false;
    for await (const chunk of this.chunks(client)) {
      if (chunk.cachedFrom && !noted.has(chunk.stepRunId) && !this.jsonEnabled()) {
        noted.add(chunk.stepRunId);
        this.logToStderr(`Step '${chunk.step}' was cached: its log is the one of step run ${chunk.cachedFrom}.`);
      }
      if (!this.jsonEnabled() && !this.prefixed) {
        // One step, as it printed it: a line still being written shows at once.
        process.stdout.write(chunk.text);
        printed = true;
        continue;
      }
      const text = (partial.get(chunk.stepRunId)?.text ?? '') + chunk.text;
      const cut = text.lastIndexOf('\n') + 1;
      partial.set(chunk.stepRunId, { step: chunk.step, text: text.slice(cut) });
      if (cut > 0) printed = this.printLines(chunk.stepRunId, chunk.step, text.slice(0, cut - 1).split('\n')) || printed;
    }
    for (const [stepRunId, rest] of partial) if (rest.text) printed = this.printLines(stepRunId, rest.step, [rest.text]) || printed;
    if (!printed && !this.jsonEnabled()) this.logToStderr('Nothing was logged.');
    return undefined;
  }

  private printLines(stepRunId: string, step: string, lines: string[]): boolean {
    for (const line of lines) {
      if (this.jsonEnabled()) this.logJsonLine({ stepRunId, step, line });
      else process.stdout.write(this.prefixed ? `[${step}] ${line}\n` : `${line}\n`);
    }
    return lines.length > 0;
  }
}
