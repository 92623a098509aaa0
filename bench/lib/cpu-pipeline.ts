// Four CPU-bound steps with no data between them, then one that waits for all four.
import { pipeline, step } from 'zenml';
import { burnCpu, CPU_ITERATIONS } from './cpu-work.js';

export const burn = step({ name: 'burn' }, ({ iterations, lane }: { iterations: number; lane: number }) => burnCpu(iterations) + lane);
export const join4 = step({ name: 'join' }, (inputs: Record<string, number>) => Object.keys(inputs).length);

export const parallelCpu = pipeline({ name: 'bench_parallel_cpu' }, ({ iterations = CPU_ITERATIONS }: { iterations?: number } = {}) => {
  const lanes: Record<string, ReturnType<typeof burn>> = {};
  for (let lane = 0; lane < 4; lane++) lanes[`lane${lane}`] = burn({ iterations, lane });
  join4(lanes);
});
