import type { StepRunModel } from '../core/entities.js';
import { elementOfConfig } from '../core/map-elements.js';
import type { SnapshotSpec } from '../core/snapshot.js';

const SUCCESS = new Set(['completed', 'cached']);

/**
 * True when every step of the run succeeded. A `.map()` step has no step run of its own
 * when it expanded: it succeeded when each of its elements did (none, for an empty list).
 */
export function allStepsSucceeded(spec: SnapshotSpec, stepRuns: StepRunModel[]): boolean {
  return spec.steps.every((step) => {
    const own = stepRuns.filter((s) => s.invocationId === step.id);
    if (!step.map) return own.some((s) => SUCCESS.has(s.status));
    if (own.length > 0) return false;
    return stepRuns.filter((s) => elementOfConfig(s.config)?.of === step.id).every((s) => SUCCESS.has(s.status));
  });
}
