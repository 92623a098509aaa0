/**
 * Test hook for crash-safety tests: `ZENML_TEST_CRASH_AT=<point>[:<n>]` kills this process
 * with SIGKILL the n-th time (default first) execution passes the named point. Unset, every
 * call is a single comparison, so the hook can sit on hot paths.
 */
const spec = process.env.ZENML_TEST_CRASH_AT;
const [target, nth] = spec ? parseSpec(spec) : [undefined, 0];
let hits = 0;

function parseSpec(value: string): [string, number] {
  const match = /^(.*?)(?::(\d+))?$/.exec(value.trim())!;
  return [match[1], Math.max(1, Number(match[2] ?? 1))];
}

export function crashPoint(point: string): void {
  if (target === undefined || point !== target) return;
  hits += 1;
  if (hits === nth) process.kill(process.pid, 'SIGKILL');
}

/** Every point the code passes through, in roughly the order a run reaches them (for tests and docs). */
export const CRASH_POINTS = [
  'run:created',
  'run:running',
  'step:created',
  'step:inputs-loaded',
  'step:returned',
  'retry:waiting',
  'write:temp-created',
  'write:file-written',
  'write:saved',
  'write:before-commit',
  'write:committed',
  'step:outputs-written',
  'store:transaction-begun',
  'store:version-inserted',
  'store:before-commit',
  'store:after-commit',
  'step:completed',
  'dag:before-launch',
  'run:before-final',
  'run:finished',
] as const;
