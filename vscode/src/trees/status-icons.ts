import type { DagStepView, RunStatus } from '../protocol.js';

/** Codicon and theme colour per run or step status, as VS Code's testing view draws them. */
export const STATUS_ICONS: Record<RunStatus | 'pending', { id: string; color?: string }> = {
  initializing: { id: 'loading~spin' },
  running: { id: 'sync~spin', color: 'charts.blue' },
  retrying: { id: 'sync~spin', color: 'charts.yellow' },
  completed: { id: 'pass', color: 'testing.iconPassed' },
  cached: { id: 'pass-filled', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  stopped: { id: 'debug-stop', color: 'charts.yellow' },
  skipped: { id: 'debug-step-over', color: 'disabledForeground' },
  pending: { id: 'circle-outline', color: 'disabledForeground' },
};

/** Statuses of runs that are still going: the Pipelines view polls fast while one is shown. */
export const ACTIVE_STATUSES: ReadonlySet<DagStepView['status']> = new Set(['initializing', 'running', 'retrying']);
