import { isProcessAlive } from './process-liveness.js';

/** Names, in a step process's environment, the pid of the run's driver that started it. */
export const DRIVER_PID_ENV = 'ZENML_DRIVER_PID';

/** How often a step process checks that its driver is still there. */
const WATCH_MS = Number(process.env.ZENML_DRIVER_WATCH_MS) || 250;

/**
 * The environment that ties a step process on this machine to the calling process (the
 * run's driver): the step process ends as soon as the driver is gone, even when the driver
 * was killed with SIGKILL and could not end it (local_process).
 */
export function diesWithDriverEnv(): Record<string, string> {
  return { [DRIVER_PID_ENV]: String(process.pid) };
}

/**
 * In a step process started with diesWithDriverEnv(): exits (code 1, one line on stderr)
 * once the driver is gone, which Linux shows as this process being handed to another
 * parent. The variable is removed so processes the step starts do not watch it too.
 */
export function exitWithDriver(): void {
  const driver = Number(process.env[DRIVER_PID_ENV]);
  delete process.env[DRIVER_PID_ENV];
  if (!Number.isInteger(driver) || driver <= 0) return;
  const check = () => {
    if (process.ppid === driver && isProcessAlive(driver)) return;
    process.stderr.write(`Step process ${process.pid}: the run's driver (pid ${driver}) is gone; ending the step.\n`);
    process.exit(1);
  };
  check();
  setInterval(check, WATCH_MS).unref();
}
