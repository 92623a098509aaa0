import type { Readable } from 'node:stream';
import { execa, type ResultPromise } from 'execa';
import { diesWithDriverEnv, resolveStepProcessEntrypoint, stepEntrypointArgs, stepProcessEnv, stepProcessPluginEnv, type RunJob, type StepSpec } from 'zenml/plugin';

interface StepProcessOptions {
  reject: false;
  stdin: 'pipe' | 'ignore';
  /**
   * The child captures the step's output itself (its step logs, unless they are turned off).
   * Nothing here ever read it: the copy this process kept grew with everything a step printed
   * (up to execa's maxBuffer, 100 MB a process), and a pipe costs both sides to set up. Of
   * stderr only its end is kept (below).
   */
  stdout: 'ignore';
  buffer: false;
  cancelSignal?: AbortSignal;
  env: Record<string, string | undefined>;
}
type StepProcess = ResultPromise<StepProcessOptions>;
/** A subprocess is itself a promise (of its result): boxed wherever it passes through a promise. */
interface Boxed {
  child: StepProcess;
  /** The end of what it wrote to stderr so far. */
  stderrTail: () => string;
}

/** How much of a step process's stderr is kept: its last lines say why a process died. */
const STDERR_TAIL_CHARS = 16 * 1024;

/** How a step process ended, for the outcome of a step that could not record its own. */
export interface StepProcessEnd {
  exitCode?: number;
  signal?: string;
  stderr: string;
  timedOut: boolean;
}

/** A process started ahead of its step: it prepares the run until it is given one. */
interface Spare {
  /** Undefined when it could not be started. */
  process: Promise<Boxed | undefined>;
  /** Set once the process exited. */
  exited: boolean;
}

/**
 * The step processes of one run, each running exactly one step. A process start (Node, the
 * library's modules, the store, importing and compiling the pipeline) costs a large part of a
 * short step. So while fewer than `parallelism` step processes run and some steps have not
 * started yet, the free slots get processes started ahead of their step (--step-from-stdin):
 * they prepare while the running steps finish, and the next step to start takes one of them
 * and begins at once. They count toward maxParallelism like any step process, so a run never
 * has more processes than that; with maxParallelism 1 none is started ahead. A process started
 * ahead has recorded nothing, so one left over at the end of the run is simply ended.
 */
export class StepProcesses {
  private readonly entry = resolveStepProcessEntrypoint();
  private readonly spares = new Set<Spare>();
  /** Steps of the spec that go through a step process (a `.map()` step is expanded in the driver). */
  private readonly stepCount: number;
  private running = 0;
  private started = 0;
  private topUpQueued = false;
  /** Off once the run ended, or when a process started ahead died by itself (it would again). */
  private startAhead: boolean;

  constructor(
    private readonly job: RunJob,
    private readonly parallelism: number,
    private readonly timeoutMs?: number,
  ) {
    this.stepCount = job.spec.steps.filter((step) => !step.map).length;
    this.startAhead = this.entry.stepFromStdin;
  }

  /** Runs `step` in a process of its own (one started ahead if there is one) until it exits. */
  async run(step: StepSpec): Promise<StepProcessEnd> {
    this.started++;
    this.running++;
    try {
      const { child, stderrTail } = (await this.takeSpare(step)) ?? (await this.spawn(step.id));
      this.queueTopUp();
      // Counted from the moment the step runs, not from a start ahead of it.
      let timedOut = false;
      const timer = this.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            child.kill();
          }, this.timeoutMs)
        : undefined;
      const result = await child;
      clearTimeout(timer);
      return { exitCode: result.exitCode, signal: result.signal, stderr: stderrTail(), timedOut };
    } finally {
      this.running--;
      this.queueTopUp();
    }
  }

  /** Ends the processes started ahead that no step took (they recorded nothing) and waits for them. */
  async close(): Promise<void> {
    this.startAhead = false;
    const left = [...this.spares];
    this.spares.clear();
    await Promise.all(
      left.map(async (spare) => {
        const boxed = await spare.process;
        if (!boxed) return;
        boxed.child.kill();
        await boxed.child;
      }),
    );
  }

  /** Gives the step's id to a process started ahead that is still alive; undefined when there is none. */
  private async takeSpare(step: StepSpec): Promise<Boxed | undefined> {
    for (const spare of this.spares) {
      if (spare.exited) continue;
      this.spares.delete(spare);
      const boxed = await spare.process;
      if (!boxed || spare.exited) continue;
      boxed.child.stdin?.end(`${step.id}\n`);
      return boxed;
    }
    return undefined;
  }

  /** After the driver started what became ready in this turn: spares only fill slots no ready step takes. */
  private queueTopUp(): void {
    if (!this.startAhead || this.topUpQueued) return;
    this.topUpQueued = true;
    setImmediate(() => {
      this.topUpQueued = false;
      this.topUp();
    });
  }

  private topUp(): void {
    while (
      this.startAhead &&
      !this.job.stopRequested() &&
      this.running + this.spares.size < this.parallelism &&
      this.stepCount - this.started > this.spares.size
    ) {
      const spare: Spare = { exited: false, process: Promise.resolve(undefined) };
      spare.process = this.spawn(undefined).then(
        (boxed) => {
          // A write to a process that just died must not crash the driver; the step's outcome reports its end.
          boxed.child.stdin?.on('error', () => undefined);
          void boxed.child.then(() => {
            spare.exited = true;
            if (this.spares.delete(spare)) this.startAhead = false;
          });
          return boxed;
        },
        () => {
          this.spares.delete(spare);
          return undefined;
        },
      );
      this.spares.add(spare);
    }
  }

  /** Starts a step process for `stepId`, or one that reads its step id from stdin. */
  private async spawn(stepId: string | undefined): Promise<Boxed> {
    // Against a server the child gets a run-scoped workload token, never this user's credentials.
    const storeEnv = await stepProcessEnv(this.job);
    // Only ids go on the command line; the child reads config (and secrets) from the store.
    const args = stepEntrypointArgs({ snapshotId: this.job.snapshotId, stepId, runId: this.job.run.id });
    const options: StepProcessOptions = {
      reject: false,
      stdin: stepId === undefined ? 'pipe' : 'ignore',
      stdout: 'ignore',
      buffer: false,
      // An immediate stop (or this process's Ctrl-C / SIGTERM) ends the step process too.
      cancelSignal: this.job.signal,
      // And if this process dies without a word (kill -9), the step process ends itself.
      env: { ...(await stepProcessPluginEnv()), ...storeEnv, ...diesWithDriverEnv(), ZENML_STEP_ENTRYPOINT: '1' },
    };
    const child = execa(this.entry.command, [...this.entry.args, ...args], options);
    return { child, stderrTail: keptTail(child.stderr) };
  }
}

/** Reads `stream` as it comes (unread, a process writing more than a pipe holds would block) and keeps its last STDERR_TAIL_CHARS. */
function keptTail(stream: Readable | null): () => string {
  let tail = '';
  stream?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  return () => tail;
}
