import { spawn } from 'node:child_process';

/**
 * A pipeline script of `steps` steps in a chain (each step's input is the previous one's
 * output, so lineage is checkable). Run with SEED=n: the run is named `chain-n` and the last
 * output is n * 1000 + steps - 1. Shared by the concurrency test and benchmark.
 */
export function chainPipelineScript(steps: number): string {
  return `
import { step, pipeline } from 'zenml';
const first = step({ name: 'first' }, ({ seed }) => seed);
const inc = step({ name: 'inc' }, ({ x }) => x + 1);
export const chain = pipeline({ name: 'chain', enableCache: false }, ({ seed }) => {
  let x = first({ seed }, { id: 's0' });
  for (let i = 1; i < ${steps}; i++) x = inc({ x }, { id: 's' + i });
});
const run = await chain.withOptions({ runName: 'chain-' + process.env.SEED })({ seed: Number(process.env.SEED) * 1000 });
if (run.status !== 'completed') { console.error(run.error); process.exit(1); }
`;
}

/** Runs a script with plain node in a sandbox's working directory, collecting its output. */
export function runNodeScript(
  sandbox: { cwd: string; env: NodeJS.ProcessEnv },
  file: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: sandbox.cwd, env: { ...sandbox.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
