/**
 * Named points on the write paths (run, step, artifact, store transaction) where a crash
 * must leave a consistent store. The code below the execution layer only announces them;
 * what happens there is injected: nothing in production, a SIGKILL in crash-safety tests
 * (see execution/crash-test-hook.ts). With no hook installed a call is one comparison, so
 * points can sit on hot paths.
 */
export type CrashHook = (point: string) => void;

let hook: CrashHook | undefined;

export function crashPoint(point: string): void {
  if (hook !== undefined) hook(point);
}

/** Installs (or, with undefined, removes) the hook called at every crash point. */
export function setCrashHook(next: CrashHook | undefined): void {
  hook = next;
}

/** Every point the code passes through, in roughly the order a run reaches them (for tests and docs). */
export const CRASH_POINTS = [
  'run:created',
  'run:running',
  'step:created',
  'step:inputs-loaded',
  'step:returned',
  'retry:waiting',
  'write:temp-created',
  'write:file-written',
  'write:saved',
  'write:before-commit',
  'write:committed',
  'step:outputs-written',
  'store:transaction-begun',
  'store:version-inserted',
  'store:before-commit',
  'store:after-commit',
  'step:completed',
  'dag:before-launch',
  'run:before-final',
  'run:finished',
] as const;
