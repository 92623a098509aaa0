import type { StopMode } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';

/** How often a run's launcher polls for a stop request: often on a local store, once a second through a server. */
function pollInterval(store: ZenStore): number {
  return Number(process.env.ZENML_STOP_POLL_MS) || (/^https?:\/\//i.test(store.url) ? 1_000 : 250);
}
/** How often the run's heartbeat is written (dead-run detection reads it). */
export const HEARTBEAT_MS = 5_000;

/** Thrown inside a run that was stopped without waiting for its steps. */
export class RunStoppedError extends Error {
  constructor() {
    super('the run was stopped');
    this.name = 'RunStoppedError';
  }
}

/**
 * Watches the store for a stop request on one run (`zenml pipeline runs stop`, possibly
 * from another process). After a graceful request no new step starts; after an immediate
 * one `signal` aborts, so the launcher stops waiting for running steps and their late
 * results are discarded. It also keeps the run's heartbeat: when one is due, the poll is the
 * heartbeat update (which answers with the run), so a run costs one store call per tick
 * however many steps it has.
 */
export class RunControl {
  private mode?: StopMode;
  private signalName?: NodeJS.Signals;
  private readonly abort = new AbortController();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private lastHeartbeat = Date.now();

  constructor(
    private readonly store: ZenStore,
    private readonly runId: string,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  get stopMode(): StopMode | undefined {
    return this.mode;
  }

  /** The signal (Ctrl-C, SIGTERM) this process received to stop the run, if any. */
  get interruptedBy(): NodeJS.Signals | undefined {
    return this.signalName;
  }

  /** Stops the run now because this process was interrupted: an immediate stop, without the store. */
  interrupt(signal: NodeJS.Signals): void {
    this.signalName ??= signal;
    this.mode = 'immediate';
    if (!this.abort.signal.aborted) this.abort.abort(new RunStoppedError());
  }

  stopRequested(): boolean {
    return this.mode !== undefined;
  }

  start(): this {
    this.timer = setInterval(() => void this.poll(), pollInterval(this.store));
    this.timer.unref();
    return this;
  }

  /** Resolves when an immediate stop arrives (never otherwise). */
  whenAborted(): Promise<void> {
    return new Promise((resolve) => {
      if (this.abort.signal.aborted) resolve();
      else this.abort.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  async poll(): Promise<void> {
    if (this.polling || this.abort.signal.aborted) return;
    this.polling = true;
    try {
      const beat = Date.now() - this.lastHeartbeat >= HEARTBEAT_MS;
      const run = beat ? await this.store.updateRun(this.runId, { heartbeat: new Date().toISOString() }) : await this.store.getRun(this.runId);
      if (beat) this.lastHeartbeat = Date.now();
      if (run.stopRequested && (this.mode === undefined || run.stopRequested === 'immediate')) {
        this.mode = run.stopRequested;
        if (this.mode === 'immediate') this.abort.abort(new RunStoppedError());
      }
    } catch {
      // The next poll tries again; a store hiccup must not end the run.
    } finally {
      this.polling = false;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
