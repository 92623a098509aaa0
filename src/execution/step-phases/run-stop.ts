import { RunStoppedError } from '../run-control.js';

/**
 * A run's immediate stop as its steps check it (several times a step). V8 gives each
 * AbortSignal a hidden class of its own (Node builds it as an EventTarget, then sets its
 * prototype), so optimized code that reads `signal.aborted` holds for one signal only: every
 * new run's signal threw the step launcher out of its optimized code, and V8 compiled it
 * again (25 to 66 ms of compiler work each time, in a process's first runs). Every RunStop
 * shares one hidden class.
 */
export class RunStop {
  /** Set by the signal's abort event, which `abort()` dispatches before it returns. */
  stopped: boolean;

  constructor(readonly signal: AbortSignal) {
    this.stopped = signal.aborted;
    if (!this.stopped) signal.addEventListener('abort', () => (this.stopped = true), { once: true });
  }
}

// One per signal: a worker may hand the same signal to many steps, and each RunStop listens to it.
const stops = new WeakMap<AbortSignal, RunStop>();

/** The RunStop of `signal` (made on first use), or undefined without a signal. */
export function runStopOf(signal: AbortSignal | undefined): RunStop | undefined {
  if (signal === undefined) return undefined;
  let stop = stops.get(signal);
  if (stop === undefined) stops.set(signal, (stop = new RunStop(signal)));
  return stop;
}

export function throwIfStopped(stop: RunStop | undefined): void {
  if (stop?.stopped) throw new RunStoppedError();
}
