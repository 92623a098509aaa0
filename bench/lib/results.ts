import type { BenchResult } from '../types.js';

type Comparison = Omit<BenchResult, 'ratio'> & { ratio?: number };

/** A result with `ratio = value / floor` filled in when the scenario does not state its own. */
export function result(fields: Comparison): BenchResult {
  const ratio = fields.ratio ?? (fields.floor && fields.floor.value !== 0 ? fields.value / fields.floor.value : undefined);
  return { ...fields, ratio };
}

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

/** Peak resident set size of this process so far, in MiB (Linux reports maxRSS in KiB). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}
