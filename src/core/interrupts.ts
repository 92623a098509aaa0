import { processSingleton } from './process-state.js';

/**
 * Exit code of a process ended by a signal, as shells report it: 128 + the signal number
 * (Ctrl-C/SIGINT → 130, SIGTERM → 143).
 */
export function signalExitCode(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : signal === 'SIGHUP' ? 129 : 130;
}

const state = processSingleton('interrupts', () => ({ hosted: 0 }));

/**
 * Called by a host (the CLI) that ends the process itself with the signal's exit code once
 * an interrupted run is recorded. Without a host, the run launcher re-raises the signal
 * after recording the run as stopped, so a script ends the way Ctrl-C always ends it.
 */
export function hostInterrupts(): () => void {
  state.hosted++;
  return () => {
    state.hosted--;
  };
}

export function interruptsHosted(): boolean {
  return state.hosted > 0;
}
