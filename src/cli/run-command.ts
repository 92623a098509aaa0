import type { Command } from '../vendor/oclif.js';
import { hostInterrupts, signalExitCode } from '../core/interrupts.js';
import type { PipelineRunResult } from '../sdk/client.js';
import { renderTable } from './output.js';
import { RunProgress } from './run-progress.js';
import { ZenCommand } from './zen-command.js';

/** JSON payload of a command that ran a pipeline (`pipeline run`, `pipeline runs resume`). */
export interface RunPayload {
  id: string;
  name: string;
  pipeline: string;
  status: string;
  error?: string;
  originalRunId?: string;
  steps: Record<string, { status: string; cached: boolean; error?: string; originalStepRunId?: string; outputs: Record<string, { name: string; version: number | string; id: string }> }>;
}

/**
 * Base of commands that run a pipeline: draws progress on stderr while it runs, then a
 * summary, and exits 1 when the run did not complete.
 */
export abstract class RunCommand<T extends typeof Command> extends ZenCommand<T> {
  protected readonly progress = new RunProgress((line) => this.logToStderr(line), Boolean(process.stderr.isTTY));

  public async init(): Promise<void> {
    await super.init();
    // Ctrl-C / SIGTERM stop the run (recorded `stopped`); this command then exits 130 / 143.
    hostInterrupts();
    await this.progress.ready();
  }

  /** The progress callback, or undefined under --json (machine output stays clean). */
  protected get onProgress() {
    return this.jsonEnabled() ? undefined : this.progress.onProgress;
  }

  /** A run handed to workers (`--detach`): where it stands now, and how to follow it. */
  protected detachedRun(result: PipelineRunResult): RunPayload {
    if (!this.jsonEnabled()) {
      this.log(`Run ${result.name} queued (${result.status}).`);
      this.logToStderr(`Follow it with: ${this.config.bin} pipeline runs describe ${result.name}; stop it with: ${this.config.bin} pipeline runs stop ${result.name}`);
    }
    return { id: result.id, name: result.name, pipeline: result.pipelineName, status: result.status, error: result.error, originalRunId: result.run.originalRunId, steps: {} };
  }

  protected async finishRun(result: PipelineRunResult, note = ''): Promise<RunPayload> {
    if (!this.jsonEnabled()) {
      // The store has the last word: a step abandoned by a stop is `stopped`, not still `running`.
      const rows = this.progress.summaryRows().map((row) => ({ ...row, status: result.steps[row.step]?.status ?? row.status }));
      if (rows.length > 0) {
        const columns = ['step', 'status', 'duration', 'cached'] as const;
        this.logToStderr(await renderTable(rows, columns.map((header) => ({ header, get: (row: (typeof rows)[number]) => row[header] })), this.color));
      }
      this.log(`Run ${result.name} ${result.status}${note ? ` (${note})` : ''}.`);
      this.logToStderr(`Inspect it with: ${this.config.bin} pipeline runs describe ${result.name} --graph`);
    }
    if (result.status !== 'completed') {
      const signal = /^interrupted by (SIG[A-Z]+)/.exec(result.error ?? '')?.[1] as NodeJS.Signals | undefined;
      process.exitCode = signal ? signalExitCode(signal) : 1;
      // An abandoned step's timers or sockets must not keep an interrupted command alive.
      if (signal) setTimeout(() => process.exit(), 1000).unref();
      if (!this.jsonEnabled()) this.logToStderr(`Error: ${result.error ?? 'the run failed'}`);
    }
    return {
      id: result.id,
      name: result.name,
      pipeline: result.pipelineName,
      status: result.status,
      error: result.error,
      originalRunId: result.run.originalRunId,
      steps: Object.fromEntries(
        Object.values(result.steps).map((s) => [
          s.invocationId,
          {
            status: s.status,
            cached: s.cached,
            error: s.error,
            originalStepRunId: s.stepRun.originalStepRunId,
            outputs: Object.fromEntries(Object.entries(s.outputs).map(([name, v]) => [name, { name: v.name, version: v.version, id: v.id }])),
          },
        ]),
      ),
    };
  }
}
