import { availableParallelism } from 'node:os';
import { HEARTBEAT_TIMEOUT_MS } from 'zenml/plugin';

/** The component config of a `bullmq` orchestrator (secret references already resolved). */
export interface BullmqConfig {
  redisUrl?: string;
  queue?: string;
  attempts?: number;
  concurrency?: number;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_QUEUE = 'zenml';

export const queueName = (config: BullmqConfig): string => config.queue ?? DEFAULT_QUEUE;
export const workerConcurrency = (config: BullmqConfig, override?: number): number => override ?? config.concurrency ?? availableParallelism();

/**
 * How long a worker's hold on a job lasts without being renewed, and how often workers look
 * for jobs whose holder died (BullMQ stalled-job detection). BullMQ's 30 s by default; tests
 * shorten it with ZENML_BULLMQ_LOCK_MS so a killed worker's step moves on within seconds.
 */
export function lockTimings(): { lockDuration: number; stalledInterval: number } {
  const lockDuration = Number(process.env.ZENML_BULLMQ_LOCK_MS) || 30_000;
  return { lockDuration, stalledInterval: Math.max(500, Math.floor(lockDuration / 2)) };
}

/**
 * How often workers write the heartbeat of the runs they keep alive. The dead-run reaper
 * fails a queued run whose heartbeat is older than HEARTBEAT_TIMEOUT_MS (2 min unless
 * ZENML_HEARTBEAT_TIMEOUT_MS says otherwise); a shorter timeout (tests set one) shortens the
 * period with it, so a beat always lands well within it.
 */
export function heartbeatMs(): number {
  return Math.min(5_000, Math.max(100, Math.floor(HEARTBEAT_TIMEOUT_MS / 4)));
}

/** `host:port/db` of a Redis URL, for messages: never its user name or password. */
export function redisLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 6379}${parsed.pathname && parsed.pathname !== '/' ? parsed.pathname : ''}`;
  } catch {
    return 'an unparsable Redis URL';
  }
}
