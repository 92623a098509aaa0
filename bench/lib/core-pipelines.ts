// Pipelines the core scenarios time. The steps do next to nothing, so what is measured is
// zenml's own cost per step: compile, cache lookup, artifact write and read, store rows.
import { pipeline, step, type OutputRef, type Pipeline } from 'zenml';

export const seed = step({ name: 'seed' }, () => 0);
export const increment = step({ name: 'increment' }, ({ x }: { x: number }) => x + 1);
export const sum = step({ name: 'sum' }, (inputs: Record<string, number>) => Object.values(inputs).reduce((a, b) => a + b, 0));

/** seed → increment → increment → ...: `steps` steps in one line, each waiting for the last. */
export function chainPipeline(steps: number): Pipeline<void> {
  return pipeline({ name: `bench_chain_${steps}` }, () => {
    let x: OutputRef<number> = seed();
    for (let i = 1; i < steps; i++) x = increment({ x });
  });
}

/** seed → (steps − 2) independent increments → one sum over all of them. */
export function fanPipeline(steps: number): Pipeline<void> {
  return pipeline({ name: `bench_fan_${steps}` }, () => {
    const x = seed();
    const inputs: Record<string, OutputRef<number>> = {};
    for (let i = 0; i < steps - 2; i++) inputs[`x${i}`] = increment({ x });
    sum(inputs);
  });
}

/** The step functions called directly, in the same shape: the floor for per-step cost. */
export async function chainDirect(steps: number): Promise<number> {
  let x = await seed();
  for (let i = 1; i < steps; i++) x = await increment({ x });
  return x;
}

export async function fanDirect(steps: number): Promise<number> {
  const x = await seed();
  const inputs: Record<string, number> = {};
  for (let i = 0; i < steps - 2; i++) inputs[`x${i}`] = await increment({ x });
  return sum(inputs);
}
