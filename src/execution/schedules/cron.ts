import { UsageError } from '../../core/errors.js';
import type { ScheduleConfig, ScheduleModel } from '../../core/schedule-entities.js';

/** The timing part of a schedule, validated: what decides when it fires. */
export interface ScheduleTiming {
  cronExpression: string;
  timezone?: string;
  startTime?: string;
  endTime?: string;
  catchup: boolean;
}

type CronParser = typeof import('cron-parser').CronExpressionParser;
let parser: CronParser | undefined;

/** cron-parser, imported on first use: nothing on the CLI's start-up path pays for it. */
async function cronParser(): Promise<CronParser> {
  parser ??= (await import('cron-parser')).CronExpressionParser;
  return parser;
}

/**
 * Validates a schedule's config: the cron expression (5 fields, or 6 with seconds first, or
 * an alias such as `@daily`), the time zone and the start/end times. Bad input is one
 * UsageError naming it, raised before anything is stored.
 */
export async function scheduleTiming(config: ScheduleConfig): Promise<ScheduleTiming> {
  const cronExpression = (config.cron ?? config.cronExpression ?? '').trim();
  if (config.cron !== undefined && config.cronExpression !== undefined && config.cron !== config.cronExpression) {
    throw new UsageError(`The schedule sets cron '${config.cron}' and cronExpression '${config.cronExpression}'.`, 'Keep one of them.');
  }
  if (!cronExpression) throw new UsageError('A schedule needs a cron expression.', "Give one, e.g. --cron '0 3 * * *' (every day at 03:00) or '*/30 * * * * *' (every 30 seconds).");
  const timezone = config.timezone?.trim() || undefined;
  if (timezone !== undefined && !isTimeZone(timezone)) {
    throw new UsageError(`'${timezone}' is not a time zone.`, 'Use an IANA name such as UTC, Europe/Paris or America/New_York.');
  }
  const fields = cronExpression.split(/\s+/).length;
  if (!cronExpression.startsWith('@') && (fields < 5 || fields > 6)) {
    throw new UsageError(`'${cronExpression}' is not a cron expression: it has ${fields} field${fields === 1 ? '' : 's'}.`, 'Use 5 fields (minute hour day month weekday) or 6 with seconds first.');
  }
  const parse = await cronParser();
  try {
    parse.parse(cronExpression, { tz: timezone ?? 'UTC' }).next();
  } catch (error) {
    throw new UsageError(`'${cronExpression}' is not a valid cron expression (${(error as Error).message}).`, "Use e.g. '0 3 * * *' (every day at 03:00) or '*/30 * * * * *' (every 30 seconds).");
  }
  const startTime = isoTime(config.start, 'start');
  const endTime = isoTime(config.end, 'end');
  if (startTime && endTime && endTime <= startTime) throw new UsageError(`The schedule ends (${endTime}) before it starts (${startTime}).`, 'Give an end after the start.');
  return { cronExpression, timezone, startTime, endTime, catchup: config.catchup ?? false };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function isoTime(value: string | Date | undefined, what: 'start' | 'end'): string | undefined {
  if (value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : /^\d{4}-\d{2}-\d{2}/.test(value.trim()) ? new Date(value.trim()) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new UsageError(`The schedule's ${what} '${String(value)}' is not a date.`, `Give an ISO 8601 time, e.g. --${what} 2026-01-01T03:00:00Z.`);
  return date.toISOString();
}

/** The first firing strictly after `after`, within start and end; undefined when the schedule has ended. */
export async function nextFiring(timing: ScheduleTiming, after: Date): Promise<string | undefined> {
  const parse = await cronParser();
  const from = timing.startTime && new Date(timing.startTime).getTime() > after.getTime() ? new Date(new Date(timing.startTime).getTime() - 1) : after;
  const next = parse.parse(timing.cronExpression, { currentDate: from, tz: timing.timezone ?? 'UTC' }).next().toDate();
  if (timing.endTime && next.getTime() > new Date(timing.endTime).getTime()) return undefined;
  return next.toISOString();
}

/** The latest firing at or before `now` and the end (and at or after `notBefore`), for a schedule that fires once for everything it missed. */
export async function latestFiring(timing: ScheduleTiming, now: Date, notBefore: string): Promise<string> {
  const parse = await cronParser();
  const until = timing.endTime ? Math.min(now.getTime(), Date.parse(timing.endTime)) : now.getTime();
  const latest = parse.parse(timing.cronExpression, { currentDate: new Date(until + 1), tz: timing.timezone ?? 'UTC' }).prev().toDate();
  return (latest.getTime() < Date.parse(notBefore) ? new Date(notBefore) : latest).toISOString();
}

/** What a due schedule does now: which scheduled time it runs and where it moves on to. */
export async function planFiring(schedule: ScheduleModel, now: Date): Promise<{ firing: string; lastFired: string; nextFireTime?: string } | undefined> {
  const due = schedule.nextFireTime;
  if (!schedule.active || due === undefined || new Date(due).getTime() > now.getTime()) return undefined;
  if (schedule.catchup) {
    // Every missed firing runs, oldest first: the schedule moves one firing on at a time.
    return { firing: due, lastFired: due, nextFireTime: await nextFiring(schedule, new Date(due)) };
  }
  // Everything missed collapses into one run, for the latest scheduled time that has come.
  return { firing: due, lastFired: await latestFiring(schedule, now, due), nextFireTime: await nextFiring(schedule, now) };
}
