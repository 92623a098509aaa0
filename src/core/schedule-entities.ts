import type { ListFilter } from './entities.js';

/**
 * When a pipeline runs by itself, as ZenML's `Schedule`: a cron expression (5 fields, or 6 with
 * seconds first), read in `timezone` (default UTC), firing between `start` and `end`.
 * `catchup` decides what happens to firings missed while no scheduler ran (or while paused):
 * false (the default, as ZenML) runs the latest missed firing once; true runs every missed one.
 */
export interface ScheduleConfig {
  /** Cron expression, e.g. `0 3 * * *` or, with seconds, `*\/10 * * * * *`. */
  cron?: string;
  /** ZenML's name for `cron`. */
  cronExpression?: string;
  /** Name of the schedule (unique); default `<pipeline>-<date>-<time>`. */
  name?: string;
  /** IANA time zone the expression is read in (`Europe/Paris`); default UTC. */
  timezone?: string;
  /** No firing before this time (ISO 8601 or a Date); ZenML's `start_time`. */
  start?: string | Date;
  /** No firing after this time; ZenML's `end_time`. */
  end?: string | Date;
  catchup?: boolean;
}

export interface ScheduleModel {
  id: string;
  name: string;
  pipelineId: string;
  pipelineName: string;
  /** Absolute path of the pipeline file and the export to run, as snapshots record them. */
  sourceFile: string;
  sourceExport?: string;
  /** Run options each firing runs with (parameters, runName, stack, steps, configPath, ...). */
  runConfig: Record<string, unknown>;
  cronExpression: string;
  timezone?: string;
  startTime?: string;
  endTime?: string;
  catchup: boolean;
  /** False while paused. */
  active: boolean;
  /** Scheduled time of the last firing claimed. */
  lastFired?: string;
  /** Scheduled time of the next firing; absent once the schedule is past its end. */
  nextFireTime?: string;
  /** The user (or service account) who created it; schedules belong to the project they were created in. */
  owner?: string;
  created: string;
  updated: string;
}

export type NewSchedule = Omit<ScheduleModel, 'id' | 'pipelineName' | 'created' | 'updated' | 'lastFired' | 'owner'>;

export type ScheduleUpdate = Partial<Pick<ScheduleModel, 'name' | 'active' | 'cronExpression' | 'timezone' | 'startTime' | 'endTime' | 'catchup' | 'runConfig' | 'nextFireTime' | 'lastFired'>> & {
  /** Clears the next firing (the schedule ended); `nextFireTime: undefined` leaves it as is. */
  clearNextFireTime?: boolean;
};

export interface ScheduleFilter extends ListFilter {
  /** Pipeline name or id. */
  pipeline?: string;
  active?: boolean;
  /** Only schedules whose next firing is at or before this time (ISO 8601). */
  dueBefore?: string;
}

/** A firing to claim: the schedule moves from `firing` on to `nextFireTime`. */
export interface ScheduleFiringClaim {
  /** The schedule's next firing as the scheduler read it; the claim fails unless it still is. */
  firing: string;
  /** The scheduled time actually run (the latest missed one, without catchup); default `firing`. */
  lastFired?: string;
  /** The firing after this one, or undefined when the schedule ends with this one. */
  nextFireTime?: string;
}
