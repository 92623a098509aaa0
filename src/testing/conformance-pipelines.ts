/** The pipelines the orchestrator conformance suite runs, written to a real file so child processes can import them. */
export const CONFORMANCE_PIPELINES = `
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { step, pipeline, getStepContext } from 'zenml';

const numbers = step({ name: 'numbers' }, async () => [1, 2, 3, 4]);
const double = step({ name: 'double' }, ({ xs }) => xs.map((x) => x * 2));
const total = step({ name: 'total' }, ({ xs }) => xs.reduce((a, b) => a + b, 0));
const left = step({ name: 'left' }, ({ xs }) => xs.slice(0, 2));
const right = step({ name: 'right' }, ({ xs }) => xs.slice(2));
const join = step({ name: 'join' }, ({ a, b }) => [...a, ...b]);
const split = step({ name: 'split', outputs: ['train', 'test'] }, ({ xs, ratio }) => {
  const cut = Math.floor(xs.length * ratio);
  return { train: xs.slice(0, cut), test: xs.slice(cut) };
});
const boom = step({ name: 'boom' }, async () => { throw new Error('conformance failure'); });
const flaky = step({ name: 'flaky', retry: { maxRetries: 2, delayMs: 10 } }, ({ marker }) => {
  if (!existsSync(marker)) {
    writeFileSync(marker, 'attempted');
    console.log('the first attempt prints this');
    throw new Error('first attempt fails');
  }
  console.log('the second attempt prints this');
  return 'recovered';
});

// Two copies run side by side, interleaving their writes: each log must hold only its own.
const chatty = step({ name: 'chatty', enableCache: false }, async ({ tag }) => {
  for (let i = 0; i < 3; i++) {
    console.log(\`out \${tag} \${i}\`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    console.error(\`err \${tag} \${i}\`);
    process.stdout.write(\`raw \${tag} \${i}\\n\`);
  }
  return tag;
});
const crashy = step({ name: 'crashy', enableCache: false }, async () => {
  console.log('printed before the crash');
  throw new Error('crashed after printing');
});

// Runs until the file \`release\` exists (or \`ms\` passed); says it started by writing its run's name to \`marker\`.
const slow = step({ name: 'slow', enableCache: false }, async ({ xs, marker, release, ms }) => {
  writeFileSync(marker, getStepContext().pipelineRun.name);
  const end = Date.now() + ms;
  while (Date.now() < end && !existsSync(release)) await new Promise((resolve) => setTimeout(resolve, 25));
  return xs.length;
});

// Uses the secret conformance_db: hands back a digest of its token (never the token), prints
// it and, when asked, fails with it in the message; both must reach the store redacted.
const secretive = step({ name: 'secretive', secrets: ['conformance_db'], enableCache: false }, async ({ fail }) => {
  const token = process.env.CONFORMANCE_DB_TOKEN;
  console.log('the token is ' + token);
  if (fail) throw new Error('rejected token ' + token);
  return createHash('sha256').update(String(token)).digest('hex');
});

export const stoppable = pipeline({ name: 'conformance_stoppable' }, ({ marker, release, ms }) => {
  slow({ xs: numbers(), marker, release, ms });
});

export const secrets = pipeline({ name: 'conformance_secrets' }, ({ fail = false } = {}) => {
  secretive({ fail });
});

export const logging = pipeline({ name: 'conformance_logging' }, () => {
  chatty({ tag: 'a' });
  chatty({ tag: 'b' });
});

export const crashing = pipeline({ name: 'conformance_crashing' }, () => {
  crashy();
});

export const linear = pipeline({ name: 'conformance_linear' }, () => {
  total({ xs: double({ xs: numbers() }) });
});

export const diamond = pipeline({ name: 'conformance_diamond' }, () => {
  const xs = numbers();
  join({ a: left({ xs }), b: right({ xs }) });
});

export const outputs = pipeline({ name: 'conformance_outputs' }, ({ ratio = 0.5 } = {}) => {
  const { train, test } = split({ xs: numbers(), ratio });
  total({ xs: train });
  total({ xs: test }, { id: 'total_test' });
});

export const failing = pipeline({ name: 'conformance_failing' }, () => {
  total({ xs: double({ xs: boom() }) });
});

// hooked_boom fails with an onFailure hook that writes the error to the file its marker parameter names (a parameter,
// not an environment variable, so it reaches steps in containers and on workers too); the independent
// branch runs in continueOnFailure (ZenML default) and is skipped in stopOnFailure.
const hooked = step({ name: 'hooked_boom', onFailure: (error, context) => writeFileSync(context.stepRun.parameters.marker, error.message) }, async ({ marker }) => {
  throw new Error('conformance failure');
});
const slowNumbers = step({ name: 'slow_numbers' }, async () => {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return [1, 2, 3, 4];
});
export const modes = pipeline({ name: 'conformance_modes', settings: { orchestrator: { maxParallelism: 1 } } }, ({ marker }) => {
  hooked({ marker });
  total({ xs: double({ xs: slowNumbers() }) });
});

export const retrying = pipeline({ name: 'conformance_retrying' }, ({ marker }) => {
  flaky({ marker });
});
`;
