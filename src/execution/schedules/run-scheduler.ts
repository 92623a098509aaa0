import type { ZenContext } from '../../context/zen-context.js';
import { DAEMON_VARIABLE, recordDaemonPid } from './daemon.js';
import { workerDrivenStacks } from './schedule-executor.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';

/**
 * `zenml scheduler start`: runs the scheduler in this process until SIGINT or SIGTERM. As the
 * daemon (started detached by `--daemon`) it records its pid file once it fires, and removes
 * it when it stops.
 */
export async function runScheduler(context: ZenContext, options: SchedulerOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`));
  const scheduler = new Scheduler(context.store, { firedElsewhere: workerDrivenStacks(context), ...options, log });
  const onSignal = (signal: NodeJS.Signals) => {
    log(`Scheduler stopping (${signal}).`);
    scheduler.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const removePid = process.env[DAEMON_VARIABLE] === '1' ? recordDaemonPid() : undefined;
  log(`Scheduler started (pid ${process.pid}, store ${context.store.url}).`);
  try {
    await scheduler.run();
  } finally {
    removePid?.();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  log('Scheduler stopped.');
}
