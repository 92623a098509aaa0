import type { Redis } from 'ioredis';

/** One entry of a BullMQ queue's event stream, its fields as written (returnvalue still JSON text). */
export interface QueueEvent {
  event: string;
  jobId?: string;
  returnvalue?: string;
  failedReason?: string;
}

/** How long one read waits on Redis for a first event; the loop then reads again (or stops). */
const BLOCK_MS = 1_000;

/**
 * Follows a queue's BullMQ event stream for a run's driver, reading at most once per
 * `intervalMs`: the events written meanwhile (a chain step writes four: added, waiting,
 * active, completed) come in one reply. BullMQ's QueueEvents reads again as soon as an
 * event came, waking the driver and Redis once or twice per step, on the cores the workers
 * and Redis run the steps on; a progress line a few milliseconds later is not seen.
 */
export class QueueEventReader {
  private stopped = false;
  private pause?: { timer: NodeJS.Timeout; resolve: () => void };

  constructor(
    private readonly redis: Redis,
    private readonly streamKey: string,
    private lastId: string,
    private readonly intervalMs: number,
  ) {}

  /** Calls `onEvent` for each event in order, until stop(). */
  async follow(onEvent: (event: QueueEvent) => void): Promise<void> {
    while (!this.stopped) {
      const readAt = Date.now();
      const reply = await this.redis.xread('COUNT', 10_000, 'BLOCK', BLOCK_MS, 'STREAMS', this.streamKey, this.lastId).catch(() => null);
      if (this.stopped) return;
      for (const [, entries] of reply ?? []) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          onEvent(toEvent(fields));
        }
      }
      const wait = this.intervalMs - (Date.now() - readAt);
      if (wait > 0 && !this.stopped) await new Promise<void>((resolve) => (this.pause = { timer: setTimeout(resolve, wait), resolve }));
    }
  }

  /** Ends follow() (a pending read is cut by closing the connection). */
  stop(): void {
    this.stopped = true;
    if (this.pause) {
      clearTimeout(this.pause.timer);
      this.pause.resolve();
    }
  }
}

function toEvent(fields: string[]): QueueEvent {
  const event: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) event[fields[i]] = fields[i + 1];
  return event as unknown as QueueEvent;
}
