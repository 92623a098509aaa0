// Wrong wiring of step inputs: each line after a directive must be a tsc error.
import { pipeline, step } from '../../../src/index.js';

const numbers = step({ name: 'numbers' }, () => [1, 2, 3]);
const text = step({ name: 'text' }, () => 'hello');
const shout = step({ name: 'shout' }, ({ message }: { message: string }) => message.toUpperCase());
const total = step({ name: 'total' }, ({ xs }: { xs: number[] }) => xs.length);

export const wrong = pipeline({ name: 'wrong' }, () => {
  const xs = numbers();
  const s = text();
  // @ts-expect-error an OutputRef<number[]> where a string is expected
  shout({ message: xs });
  // @ts-expect-error an OutputRef<string> where number[] is expected
  total({ xs: s });
  // @ts-expect-error a plain value of the wrong type
  shout({ message: 42 });
  // @ts-expect-error a required input is missing
  shout({});
  // @ts-expect-error an input the step does not declare
  shout({ message: 'a', extra: 1 });
  // @ts-expect-error the inputs object is required
  total();
  // @ts-expect-error a step without inputs takes no input object
  numbers({ n: 1 });
  // @ts-expect-error `after` takes invocation ids (strings)
  text(undefined, { after: [xs] });
});

export async function outside(): Promise<void> {
  // @ts-expect-error outside a pipeline the call gives the function's result type
  const n: string = await total({ xs: [1] });
  void n;
}
