// `node <zenml>/dist/execution/step-process-entrypoint.js [step-entrypoint] --snapshot <id> --step <id> --run <id>`:
// what `zenml step-entrypoint` does, for step processes on this machine (local_process). A
// step process runs one step and exits, so its start is paid once per step: through the CLI
// that start loads oclif, its manifest and every plugin's package.json before the step's own
// modules; here only the modules running one step needs are loaded. Same arguments, output
// and exit codes as the command (0 done, 1 the step failed, 2 bad arguments).
//
// With --step-from-stdin instead of --step, the process starts before its step is known
// (local_process starts one in a slot left free while the remaining steps wait on others):
// it loads its modules and prepares the run, then reads the step's invocation id from stdin
// and runs that step. Closing stdin without an id ends it (exit 0) having recorded nothing.
import { parseArgs } from 'node:util';
import { UsageError, isZenError } from '../core/errors.js';
import { escapeControlCharacters } from '../core/names.js';
import { closeZenContexts, getZenContext } from '../context/zen-context.js';
import { prepareSnapshotRun, runSnapshotStep } from './step-entrypoint.js';

const USAGE_HINT = 'Pass the ids the orchestrator was given: --snapshot <id> --run <id> --step <invocation id>.';

interface StepIds {
  snapshotId: string;
  runId: string;
  /** Undefined with --step-from-stdin. */
  stepId?: string;
}

function parseIds(argv: string[]): StepIds {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { snapshot: { type: 'string' }, step: { type: 'string' }, run: { type: 'string' }, 'step-from-stdin': { type: 'boolean' } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0].replace(/\.$/, '')}.`, USAGE_HINT);
  }
  const extra = parsed.positionals.filter((word, index) => !(index === 0 && word === 'step-entrypoint'));
  if (extra.length > 0) throw new UsageError(`Unexpected argument: ${extra[0]}.`, USAGE_HINT);
  const { snapshot, step, run, 'step-from-stdin': stepFromStdin } = parsed.values;
  if (stepFromStdin && step) throw new UsageError('Pass either --step or --step-from-stdin, not both.', USAGE_HINT);
  const missing = Object.entries({ snapshot, step: step ?? stepFromStdin, run }).find(([, value]) => !value)?.[0];
  if (missing) throw new UsageError(`Missing required flag --${missing}.`, USAGE_HINT);
  return { snapshotId: snapshot!, stepId: step, runId: run! };
}

/** The first line on stdin (the step's invocation id); undefined when stdin closes without one. */
function stepIdFromStdin(): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      process.stdin.off('data', onData).off('end', done).off('error', done);
      // The step's own code finds stdin closed, as with a process started for its step.
      process.stdin.destroy();
      resolve(text.split('\n')[0].trim() || undefined);
    };
    const onData = (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) done();
    };
    process.stdin.setEncoding('utf8').on('data', onData).on('end', done).on('error', done);
  });
}

/** Runs the step the arguments (or stdin) name; resolves to the process's exit code. */
async function main(argv: string[]): Promise<number> {
  try {
    const ids = parseIds(argv);
    const context = await getZenContext();
    if (!ids.stepId) {
      // Prepared while the orchestrator decides which step this process runs; errors surface when the step runs.
      const prepared = prepareSnapshotRun(context, ids).catch(() => undefined);
      ids.stepId = await stepIdFromStdin();
      if (!ids.stepId) return 0;
      await prepared;
    }
    const stepId = ids.stepId;
    const outcome = await runSnapshotStep(context, { ...ids, stepId });
    if (outcome.status === 'failed') {
      process.stderr.write(`Error: step '${stepId}' failed: ${escapeControlCharacters(outcome.error ?? 'unknown error')}\n`);
      return 1;
    }
    process.stdout.write(`Step '${stepId}' ${outcome.status}.\n`);
    return 0;
  } catch (error) {
    // As the CLI prints an error: one line (a ZenError's message carries its hint).
    const message = isZenError(error) ? escapeControlCharacters(error.message) : String((error as Error)?.message ?? error).split('\n')[0];
    process.stderr.write(`Error: ${message}${isZenError(error) || process.env.ZENML_DEBUG ? '' : ' (set ZENML_DEBUG=1 for details)'}\n`);
    if (process.env.ZENML_DEBUG && (error as Error)?.stack) process.stderr.write(`${(error as Error).stack}\n`);
    return isZenError(error) ? error.exitCode : 1;
  } finally {
    await closeZenContexts().catch(() => undefined);
  }
}

let finished = false;
// The event loop emptied while the step still waited (a promise in the pipeline file that never
// settles): 'beforeExit' comes only then, never after process.exit() (main's own, once the step
// finished, or one in the step's code, whose code stands). Once: the write below may keep the
// loop busy a moment, after which it empties again.
process.once('beforeExit', () => {
  process.stderr.write('Error: the step never finished (a top-level await or promise that never settles); zenml stopped without finishing.\n');
  process.exitCode = 13; // what Node itself exits with for an unsettled top-level await
});
// process.exit(0) before the step finished did not succeed: an orchestrator must not read it as done.
process.on('exit', (code) => {
  if (!finished && code === 0) process.exitCode = 1;
});
// No top-level await: the library runs as CommonJS (scripts/lib-to-cjs.mjs).
void main(process.argv.slice(2)).then((code) => {
  finished = true;
  // A timer or socket the step's code left open must not keep its process alive (the CLI's exit guard does the same).
  process.exit(code);
});
