import type { ZenStore } from 'zenml/plugin';
import type { StepQueue } from './step-queue.js';
import type { StoreCallCounter } from './store-call-counter.js';

/**
 * Keeps alive the runs whose steps wait in the queue. A run handed to the workers has no
 * process of its own: the dead-run reaper goes by its heartbeat, which a worker writes only
 * while it runs one of the run's steps. Without this, a run whose jobs all wait (a backlog, a
 * retry's backoff, a job whose worker died waiting for BullMQ to hand it on) would be failed
 * "process died" while it is alive. Every worker offers to beat them; one per period does.
 * With no worker alive nothing beats, and the reaper fails those runs: nobody would run them.
 */
export class QueuedRunHeartbeats {
  private timer?: NodeJS.Timeout;
  private beating = false;

  constructor(
    private readonly queue: StepQueue,
    private readonly store: ZenStore,
    private readonly storeCalls: StoreCallCounter,
    private readonly periodMs: number,
  ) {}

  start(): void {
    // Asked a few times per period, so the period after one that lapsed (its holder died) is soon claimed.
    this.timer = setInterval(() => void this.offer(), Math.max(25, Math.floor(this.periodMs / 4)));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async offer(): Promise<void> {
    if (this.beating) return;
    this.beating = true;
    try {
      if (await this.queue.claimChore('heartbeats', this.periodMs)) await this.beat();
    } catch {
      // Redis or the store hiccuped: the next period tries again, well within the reaper's timeout.
    } finally {
      this.beating = false;
    }
  }

  private async beat(): Promise<void> {
    const queued = await this.queue.runsWithUnfinishedJobs();
    // An idle queue costs the store nothing.
    if (queued.size === 0) return;
    // Time-based, however many steps run: counted apart from the calls for steps.
    await this.storeCalls.periodic(async () => {
      const now = Date.now();
      // Only runs still active: one that ended (or was reaped) is never beaten again.
      const due = (await this.store.listActiveRunOwners()).filter((owner) => queued.has(owner.id) && !beatSince(owner.heartbeat, now - this.periodMs / 2));
      const heartbeat = new Date(now).toISOString();
      // Settled one by one: a run deleted meanwhile must not keep the others from their beat.
      await Promise.allSettled(due.map((owner) => this.store.updateRun(owner.id, { heartbeat })));
    });
  }
}

/**
 * Whether the run was beaten after `since` (by a worker running one of its steps, or its
 * driver when it queued it). Half a period back, so a run skipped now is beaten by the next
 * sweep before its beat is a period and a half old.
 */
function beatSince(heartbeat: string | null, since: number): boolean {
  const at = Date.parse(heartbeat ?? '');
  return Number.isFinite(at) && at > since;
}
