// What `secrets: [...]` costs a step (sql backend, 5 secrets of 3 keys, values injected as
// env vars for the step and removed after): the step extension timed around an empty body,
// for the first step of a run (reads and decrypts) and for later steps (values cached for the
// run), against a step without secrets; and whole 20-step runs with and without secrets.
import { result } from '../lib/results.js';
import { benchSandbox } from '../lib/sandbox.js';
import { interleavedMedians } from '../lib/stats.js';
import type { BenchResult } from '../types.js';

const SCENARIO = 'secrets-step-overhead';
const STEPS = 20;
const SECRETS = 5;
const RUNS = 9;
const CALLS = 300;
const TARGET_MS = 2;

export default async function (): Promise<BenchResult[]> {
  const sandbox = benchSandbox({ apply: true });
  process.env.ZENML_SECRETS_ENCRYPTION_KEY = 'bench-key';
  try {
    const { step, pipeline, Client } = await import('../../src/index.js');
    const names = Array.from({ length: SECRETS }, (_, i) => `bench_secret_${i}`);
    const client = new Client();
    for (const name of names) await client.createSecret(name, { user: `u-${name}`, password: `p-${name}`, token: `t-${name}` });

    const read = () => Object.keys(process.env).filter((key) => key.startsWith('BENCH_SECRET_')).length;
    const withSecrets = step({ name: 'with_secrets', secrets: names }, read);
    const without = step({ name: 'without_secrets' }, read);
    const build = (s: typeof without, label: string) =>
      pipeline({ name: label, enableCache: false }, () => {
        for (let i = 0; i < STEPS; i++) s();
      });
    const secretPipe = build(withSecrets, 'secrets_bench');
    const plainPipe = build(without, 'plain_bench');
    const check = async (p: typeof plainPipe) => {
      const run = await p();
      if (run.status !== 'completed') throw new Error(`run ${run.status}: ${run.error}`);
    };
    const medians = await interleavedMedians(RUNS, { secrets: () => check(secretPipe), plain: () => check(plainPipe) });

    const { getZenContext } = await import('../../src/context/zen-context.js');
    const { STEP_EXTENSIONS } = await import('../../src/execution/step-extensions.js');
    const extension = STEP_EXTENSIONS.find((e) => e.name === 'secrets-env')!;
    const context = await getZenContext();
    const stepWith = { id: 'with', config: { secrets: names, settings: {} } };
    const stepWithout = { id: 'without', config: { secrets: [], settings: {} } };
    const around = (step: object, runId: string) => extension.around!({ context, step, run: { id: runId } } as never, async () => read());
    let fresh = 0;
    const calls = await interleavedMedians(CALLS, {
      cold: () => around(stepWith, `cold-${fresh++}`),
      warm: () => around(stepWith, 'warm'),
      none: () => around(stepWithout, 'none'),
    }, 20);
    const row = (label: string, value: number) =>
      result({
        scenario: SCENARIO,
        metric: `${label}: secrets extension per step with ${SECRETS} secrets (median of ${CALLS})`,
        value,
        unit: 'ms',
        floor: { name: 'same step without secrets', value: calls.none },
        target: `≤ ${TARGET_MS} ms added per step`,
        pass: value - calls.none <= TARGET_MS,
      });
    return [
      row('first step of a run (read + decrypt)', calls.cold),
      row('later steps of the run (values cached for the run)', calls.warm),
      result({
        scenario: SCENARIO,
        metric: `whole ${STEPS}-step run with ${SECRETS} secrets per step`,
        value: medians.secrets,
        unit: 'ms',
        floor: { name: 'same run, steps without secrets', value: medians.plain },
        note: `A run reads and decrypts each secret once (metadata, ciphertext, AES-256-GCM) and sets NAME_KEY variables around every step, removing them after. Whole-run times on a shared machine vary by more than the ${SECRETS}-secret cost; the per-step rows time the extension alone.`,
      }),
    ];
  } finally {
    delete process.env.ZENML_SECRETS_ENCRYPTION_KEY;
    sandbox.dispose();
  }
}
