import { createSandbox, useSandboxEnv, type Sandbox } from '../../test/helpers/sandbox.js';

export type { Sandbox };

/**
 * A throwaway config dir, XDG dirs and working dir for one scenario (the same helper the
 * tests use), so a benchmark never reads or grows the user's own store. With `apply` this
 * process's env points at it too, for scenarios that run pipelines in process.
 */
export function benchSandbox(options: { apply?: boolean } = {}): Sandbox & { dispose(): void } {
  const sandbox = createSandbox('zenml-bench-');
  const restore = options.apply ? useSandboxEnv(sandbox) : () => {};
  const dispose = () => {
    restore();
    sandbox.cleanup();
  };
  process.once('exit', () => sandbox.cleanup());
  return Object.assign(sandbox, { dispose });
}
