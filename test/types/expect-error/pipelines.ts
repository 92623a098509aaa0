// Misuse of pipelines and run options: each line after a directive must be a tsc error.
import { Client, pipeline, step } from '../../../src/index.js';

const mean = step({ name: 'mean' }, ({ xs }: { xs: number[] }) => xs.length);
const typed = pipeline({ name: 'typed' }, ({ ratio }: { ratio: number }) => {
  mean({ xs: [ratio] });
});
const optional = pipeline({ name: 'optional' }, ({ ratio = 0.5 }: { ratio?: number } = {}) => {
  mean({ xs: [ratio] });
});

export async function calls(): Promise<void> {
  // @ts-expect-error the pipeline parameter has the wrong type
  await typed({ ratio: 'high' });
  // @ts-expect-error a required pipeline parameter is missing
  await typed();
  // @ts-expect-error an unknown pipeline parameter
  await optional({ ratio: 0.5, trees: 3 });
  // @ts-expect-error runName is a string
  typed.withOptions({ runName: 1 });
  // @ts-expect-error unknown run option
  typed.withOptions({ cache: false });
  // @ts-expect-error retry needs maxRetries
  step({ name: 's', retry: { delayMs: 1 } }, () => 1);
  const run = await optional();
  // @ts-expect-error run statuses are a closed set
  const status: 'done' = run.status;
  void status;
  const version = await new Client().getArtifactVersion<number>('x');
  // @ts-expect-error load() resolves to the requested type
  const text: string = await version.load();
  void text;
}
