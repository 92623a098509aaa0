import { NODE_FLOOR_NAME } from './floors.js';
import { interleavedMedians } from './stats.js';
import { nodeTimed, zenmlTimed } from './spawn.js';

export interface StartupCheck {
  command: string;
  args: string[];
  /** Milliseconds allowed above `node -e 0` measured in the same run (the guard fails beyond it). */
  budgetOverFloorMs: number;
  /** Issue 15's target above the floor, which the bench reports as met or not. */
  targetOverFloorMs: number;
}

/**
 * Budgets over the floor: issue 15's targets, which all hold on an idle machine (stack list,
 * which opens SQLite and renders a table, measured +85–95 ms on 2026-12-01 once oclif read
 * only the manifest of the command it runs).
 */
export function startupChecks(): StartupCheck[] {
  return [
    { command: 'zenml --version', args: ['--version'], budgetOverFloorMs: 40, targetOverFloorMs: 40 },
    { command: 'zenml --help', args: ['--help'], budgetOverFloorMs: 90, targetOverFloorMs: 90 },
    { command: 'zenml stack list', args: ['stack', 'list'], budgetOverFloorMs: 100, targetOverFloorMs: 100 },
  ];
}

export interface StartupRow {
  command: string;
  medianMs: number;
  floorMs: number;
  overFloorMs: number;
  budgetOverFloorMs: number;
  targetOverFloorMs: number;
  pass: boolean;
  targetMet: boolean;
}

/** Median of `runs` starts of each command and of `node -e 0`, taken in turns in the same run. */
export async function measureStartup(env: NodeJS.ProcessEnv, runs = 7): Promise<{ floorMs: number; rows: StartupRow[] }> {
  const checks = startupChecks();
  const fns: Record<string, () => unknown> = { [NODE_FLOOR_NAME]: () => nodeTimed(['-e', '0'], { env }) };
  for (const check of checks) fns[check.command] = () => zenmlTimed(check.args, { env });
  const medians = await interleavedMedians(runs, fns);
  const floorMs = medians[NODE_FLOOR_NAME];
  const rows = checks.map((check) => {
    const medianMs = medians[check.command];
    const overFloorMs = medianMs - floorMs;
    return {
      command: check.command,
      medianMs,
      floorMs,
      overFloorMs,
      budgetOverFloorMs: check.budgetOverFloorMs,
      targetOverFloorMs: check.targetOverFloorMs,
      pass: overFloorMs <= check.budgetOverFloorMs,
      targetMet: overFloorMs <= check.targetOverFloorMs,
    };
  });
  return { floorMs, rows };
}
