// Misuse of step outputs: each line after a directive must be a tsc error.
import { OutputRef, pipeline, step } from '../../../src/index.js';

const split = step({ name: 'split', outputs: ['train', 'test'] as const }, ({ data }: { data: number[] }) => ({ train: data, test: data }));
const count = step({ name: 'count' }, ({ xs }: { xs: number[] }) => xs.length);
const name = step({ name: 'name' }, ({ s }: { s: string }) => s);
const load = step({ name: 'load' }, () => [1, 2]);

export const misuse = pipeline({ name: 'misuse' }, () => {
  const parts = split({ data: load() });
  // @ts-expect-error a multi-output step has no output 'validation'
  count({ xs: parts.validation });
  // @ts-expect-error the record of outputs is not itself an OutputRef
  count({ xs: parts });
  // @ts-expect-error a number[] output where a string is expected
  name({ s: parts.train });
  const c = count({ xs: parts.test });
  // @ts-expect-error an OutputRef<number> is not an OutputRef<string>
  const wrongRef: OutputRef<string> = c;
  void wrongRef;
  // @ts-expect-error the Equal check used in good.ts does reject a different type
  expectType<Equal<typeof parts.train, OutputRef<string>>>();
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

// @ts-expect-error with `outputs`, the function must return a record with those keys
export const badReturn = step({ name: 'bad_return', outputs: ['a', 'b'] as const }, () => ({ a: 1 }));
