import type { ChalkInstance } from 'chalk';
import type { ProgressEvent } from '../core/step-config.js';
import { formatDuration } from './formats.js';

const SYMBOLS: Record<string, string> = {
  running: '▶',
  retrying: '↻',
  completed: '✔',
  cached: '⟲',
  failed: '✖',
  skipped: '–',
};

/**
 * Draws a run's progress: one line per step state change (coloured on a terminal, plain in
 * CI), then a summary of every step with its duration and whether the cache was used.
 */
export class RunProgress {
  private readonly steps = new Map<string, { status: string; durationMs?: number; error?: string }>();
  private readonly colors: boolean;
  /** Loaded by ready() only when there are colours to draw (a run in CI or under --json never loads it). */
  private chalk?: ChalkInstance;

  constructor(
    private readonly write: (line: string) => void,
    tty: boolean,
  ) {
    this.colors = tty && !('NO_COLOR' in process.env);
  }

  /** Loads what drawing needs; call before the run starts. */
  async ready(): Promise<void> {
    if (this.colors) this.chalk ??= (await import('chalk')).default;
  }

  readonly onProgress = (event: ProgressEvent): void => {
    if (event.kind === 'run') {
      if (event.status === 'running') this.write(this.paint('bold', `Running ${event.runName}`));
      return;
    }
    const id = event.invocationId!;
    this.steps.set(id, { status: event.status, durationMs: event.durationMs, error: event.error });
    const duration = event.durationMs !== undefined ? ` (${formatDuration(event.durationMs)})` : '';
    const detail = event.error ? `: ${event.error.split('\n')[0]}` : '';
    this.write(`${this.symbol(event.status)} ${id} ${event.status}${duration}${detail}`);
  };

  summaryRows(): Array<{ step: string; status: string; duration: string; cached: boolean }> {
    return [...this.steps].map(([step, s]) => ({ step, status: s.status, duration: s.durationMs === undefined ? '' : formatDuration(s.durationMs), cached: s.status === 'cached' }));
  }

  private symbol(status: string): string {
    const symbol = SYMBOLS[status] ?? '•';
    const chalk = this.chalk;
    if (!chalk) return symbol;
    if (status === 'failed') return chalk.red(symbol);
    if (status === 'completed') return chalk.green(symbol);
    if (status === 'cached') return chalk.cyan(symbol);
    if (status === 'running' || status === 'retrying') return chalk.yellow(symbol);
    return chalk.gray(symbol);
  }

  private paint(style: 'bold', text: string): string {
    return this.chalk ? this.chalk[style](text) : text;
  }
}

