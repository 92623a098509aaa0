import { spawn } from 'node:child_process';
import { errorMessage } from '../../core/errors.js';
import type { ScheduleModel } from '../../core/schedule-entities.js';
import type { ZenStore } from '../../store/zen-store.js';
import { resolveCliEntrypoint } from '../../stack/step-entrypoint-args.js';
import { planFiring } from './cron.js';

/** Starts the run of one claimed firing; resolves when that run is over (or could not start). */
export type FiringLauncher = (schedule: ScheduleModel, scheduledFor: string) => Promise<void>;

export interface SchedulerOptions {
  /** Longest wait between two looks at the store (new, changed or resumed schedules), ms. Default 1000. */
  pollMs?: number;
  /** Firings running at once; a due firing waits for a free slot. Default 4. */
  maxConcurrent?: number;
  /** How a claimed firing runs; default: a child `zenml schedule-entrypoint` per firing. */
  launch?: FiringLauncher;
  /** Where the scheduler reports what it does (one line each). */
  log?: (line: string) => void;
  /** Schedules fired by someone else (the workers of a bullmq stack): never claimed here. */
  firedElsewhere?: (schedule: ScheduleModel) => Promise<boolean>;
}

/**
 * The local scheduler: wakes at the next due firing (or every `pollMs`), claims each due
 * firing in the store (a conditional update only one scheduler can win, so any number of
 * schedulers fire each firing once) and launches its run. A firing missed while no
 * scheduler ran is due at once: without catchup it runs once, for the latest missed time;
 * with catchup each missed firing runs, oldest first. A schedule past its end is done.
 */
export class Scheduler {
  private readonly pollMs: number;
  private readonly maxConcurrent: number;
  private readonly launch: FiringLauncher;
  private readonly log: (line: string) => void;
  private readonly firedElsewhere: (schedule: ScheduleModel) => Promise<boolean>;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private wake?: () => void;

  constructor(
    private readonly store: ZenStore,
    options: SchedulerOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 4);
    this.launch = options.launch ?? launchFiringProcess;
    this.log = options.log ?? (() => undefined);
    this.firedElsewhere = options.firedElsewhere ?? (async () => false);
  }

  /** Fires what is due now; resolves with the time (ms since the epoch) it should look again. */
  async tick(now = new Date()): Promise<number> {
    let wakeAt = now.getTime() + this.pollMs;
    const { items } = await this.store.listSchedules({ active: true, size: 10_000, sortBy: 'asc:next_fire_time' });
    for (const schedule of items) {
      if (schedule.nextFireTime === undefined) continue;
      if (await this.firedElsewhere(schedule)) continue;
      const due = Date.parse(schedule.nextFireTime);
      if (due > now.getTime()) {
        wakeAt = Math.min(wakeAt, due);
        continue;
      }
      // No slot free: leave the firing in the store; the end of a running firing wakes the loop.
      if (this.inFlight.size >= this.maxConcurrent) continue;
      const plan = await planFiring(schedule, now);
      if (!plan) continue;
      const claimed = await this.store.claimScheduleFiring(schedule.id, plan);
      if (!claimed) continue; // another scheduler took it (or it was paused meanwhile)
      this.log(`Firing schedule ${schedule.name} (scheduled for ${plan.lastFired}).`);
      this.track(claimed, plan.lastFired);
      if (claimed.nextFireTime) wakeAt = Math.min(wakeAt, Date.parse(claimed.nextFireTime));
      else this.log(`Schedule ${schedule.name} has ended (end ${schedule.endTime}).`);
    }
    return wakeAt;
  }

  private track(schedule: ScheduleModel, scheduledFor: string): void {
    const firing: Promise<void> = this.launch(schedule, scheduledFor)
      .catch((error) => this.log(`Firing schedule ${schedule.name} failed: ${errorMessage(error)}`))
      .finally(() => {
        this.inFlight.delete(firing);
        this.wake?.();
      });
    this.inFlight.add(firing);
  }

  /** Runs until stop(); a failed look at the store is reported and retried. */
  async run(): Promise<void> {
    while (!this.stopped) {
      let wakeAt: number;
      try {
        wakeAt = await this.tick();
      } catch (error) {
        this.log(`Scheduler: ${errorMessage(error)}`);
        wakeAt = Date.now() + this.pollMs;
      }
      if (this.stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, wakeAt - Date.now()));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /** Stops looking for firings; runs already launched go on. */
  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Resolves when every launched firing has ended. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

/**
 * Runs a firing in its own `zenml schedule-entrypoint` process: the pipeline file is imported
 * fresh each time (an edited pipeline runs as edited), and a crashing run cannot take the
 * scheduler with it. Its output goes where the scheduler's goes (the daemon's log).
 */
export const launchFiringProcess: FiringLauncher = (schedule, scheduledFor) =>
  new Promise((resolve, reject) => {
    const { command, args } = resolveCliEntrypoint();
    const child = spawn(command, [...args, 'schedule-entrypoint', '--schedule', schedule.id, '--scheduled-for', scheduledFor], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`its run process exited with ${signal ?? `code ${code}`}`));
    });
  });
