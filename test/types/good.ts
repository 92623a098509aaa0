// Code a user writes against the SDK; it must compile with no errors under `strict`.
import {
  Client,
  OutputRef,
  getStepContext,
  loadArtifact,
  logMetadata,
  pipeline,
  saveArtifact,
  step,
  type ArtifactVersion,
  type ExecutionStatus,
  type PipelineRunResult,
  type Step,
  type StepContext,
} from '../../src/index.js';

/** Fails to compile unless A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

// The demo pipeline of ARCHITECTURE.md §3.
const loadData = step({ name: 'load_data' }, async () => [1, 2, 3, 4]);
const split = step({ name: 'split', outputs: ['train', 'test'] as const }, ({ data, ratio }: { data: number[]; ratio: number }) => ({
  train: data.slice(0, Math.floor(data.length * ratio)),
  test: data.slice(Math.floor(data.length * ratio)),
}));
const mean = step({ name: 'mean' }, ({ xs }: { xs: number[] }) => xs.reduce((a, b) => a + b, 0) / xs.length);
const describeIt = step({ name: 'describe' }, ({ label, value = 0 }: { label: string; value?: number }) => `${label}=${value}`);

export const demo = pipeline({ name: 'demo' }, ({ ratio = 0.5 }: { ratio?: number } = {}) => {
  const data = loadData();
  expectType<Equal<typeof data, OutputRef<number[]> & Promise<number[]>>>();
  const { train, test } = split({ data, ratio });
  expectType<Equal<typeof train, OutputRef<number[]>>>();
  expectType<Equal<typeof test, OutputRef<number[]>>>();
  const m = mean({ xs: train });
  const asRef: OutputRef<number> = m;
  void asRef;
  mean({ xs: test }, { id: 'mean_test', after: ['split'] });
  // Plain values are parameters; optional inputs may be left out.
  describeIt({ label: 'fixed' });
  describeIt({ label: 'n', value: m });
});

// Steps outside a pipeline are plain async functions.
export async function outside(): Promise<void> {
  const value: number = await mean({ xs: [1, 2] });
  const parts: { train: number[]; test: number[] } = await split({ data: [1, 2], ratio: 0.5 });
  const text: string = await describeIt({ label: 'x' });
  void value, parts, text;

  const run: PipelineRunResult = await demo({ ratio: 0.75 });
  await demo();
  const status: ExecutionStatus = run.status;
  void status;
  const version: ArtifactVersion<number> = await new Client().getArtifactVersion<number>('demo::mean::output');
  const loaded: number = await version.load();
  const saved: ArtifactVersion<string> = await saveArtifact('hello', 'greeting');
  const again: string = await loadArtifact<string>('greeting', saved.version);
  await logMetadata({ metadata: { accuracy: 0.9 }, runIdNameOrPrefix: run.id });
  void loaded, again;

  // An artifact version from the Client is accepted where its value type is expected.
  const stored = await new Client().getArtifactVersion<number[]>('demo::load_data::output');
  const reuse = pipeline({ name: 'reuse' }, () => {
    mean({ xs: stored });
  });
  await reuse.withOptions({ runName: 'r', enableCache: false, configPath: 'run.yaml', steps: { mean: { parameters: {} } } })();
}

// Steps with no inputs, zero-arg pipelines, a typed step handle, the step context.
const noInputs: Step<void, string> = step({ name: 'no_inputs' }, () => 'x');
export const zeroArg = pipeline({ name: 'zero' }, () => {
  noInputs();
  noInputs(undefined, { id: 'second' });
});
export const withContext = step({ name: 'ctx', retry: { maxRetries: 2, delayMs: 10, backoff: 2 }, enableCache: false, tags: ['a'] }, () => {
  const context: StepContext = getStepContext();
  context.addOutputMetadata({ rows: 1 });
  expectType<Equal<typeof context.pipeline.name, string>>();
  return context.getOutputArtifactUri();
});
// Several outputs from an async step keep their types.
const asyncSplit = step({ name: 'async_split', outputs: ['left', 'right'] as const }, async ({ xs }: { xs: number[] }) => ({ left: xs, right: String(xs) }));
export const asyncOutputs = pipeline({ name: 'async_outputs' }, () => {
  const { left, right } = asyncSplit({ xs: [1] });
  expectType<Equal<typeof left, OutputRef<number[]>>>();
  expectType<Equal<typeof right, OutputRef<string>>>();
  mean({ xs: left });
});

export const required = pipeline({ name: 'required' }, ({ n }: { n: number }) => {
  mean({ xs: [n] });
});
export async function callRequired(): Promise<void> {
  await required({ n: 1 });
}
