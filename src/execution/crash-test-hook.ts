import { setCrashHook } from '../core/crash-points.js';

/**
 * Crash-safety tests set `ZENML_TEST_CRASH_AT=<point>[:<n>]`: this process then kills itself
 * with SIGKILL the n-th time (default first) it passes the named point. Installed (once) by
 * launchRun and runStep, in every process that runs pipelines or steps.
 */
let installed = false;

export function installCrashTestHook(given?: string): void {
  // Called for every step: the environment (a slow lookup) is read only the first time.
  if (installed) return;
  installed = true;
  const spec = given ?? process.env.ZENML_TEST_CRASH_AT;
  if (!spec) return;
  const match = /^(.*?)(?::(\d+))?$/.exec(spec.trim())!;
  const [target, nth] = [match[1], Math.max(1, Number(match[2] ?? 1))];
  let hits = 0;
  setCrashHook((point) => {
    if (point !== target) return;
    hits += 1;
    if (hits === nth) process.kill(process.pid, 'SIGKILL');
  });
}
