import { renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createSandbox, useSandboxEnv, type Sandbox } from '../../test/helpers/sandbox.js';
import { TRASH_ENV } from './deferred-deletions.mjs';

export type { Sandbox };

/**
 * A throwaway config dir, XDG dirs and working dir for one scenario (the same helper the
 * tests use), so a benchmark never reads or grows the user's own store. With `apply` this
 * process's env points at it too, for scenarios that run pipelines in process.
 *
 * Under `npm run bench`, disposing moves the sandbox into the run's trash folder rather than
 * deleting it: thousands of freed inodes would slow every file the next scenarios create
 * (see deferred-deletions.mjs). Run on its own, a scenario deletes it as before.
 */
export function benchSandbox(options: { apply?: boolean } = {}): Sandbox & { dispose(): void } {
  const sandbox = createSandbox('zenml-bench-');
  const restore = options.apply ? useSandboxEnv(sandbox) : () => {};
  const trash = process.env[TRASH_ENV];
  const putAway = () => {
    try {
      if (trash) return renameSync(sandbox.dir, join(trash, basename(sandbox.dir)));
    } catch {
      // The run's trash is gone (the run was interrupted): delete, as outside a run.
    }
    sandbox.cleanup();
  };
  let disposed = false;
  const dispose = () => {
    if (disposed) return;
    disposed = true;
    restore();
    putAway();
  };
  process.once('exit', () => {
    if (!disposed) putAway();
  });
  return Object.assign(sandbox, { dispose });
}
