import { processSingleton } from './process-state.js';

/** Code zenml runs but did not write: a plugin's hook, a pipeline file being imported. */
interface ForeignCode {
  /** How to name it to the user: "plugin zenml-flavor-x (its zenml:flavors hook)". */
  label: string;
  /** Its file or folder, to tell which one a stack frame belongs to. */
  root: string;
}

const state = processSingleton('foreignCode', () => ({ pending: new Set<ForeignCode>() }));

/**
 * Runs `work` (which calls foreign code) with that code marked as running, so the CLI can
 * name it when it ends the process (process.exit) or leaves it waiting forever (a top-level
 * await that never settles makes Node exit with code 13 and no word).
 */
export async function runningForeignCode<T>(label: string, root: string, work: () => Promise<T>): Promise<T> {
  const entry = { label, root };
  state.pending.add(entry);
  try {
    return await work();
  } finally {
    state.pending.delete(entry);
  }
}

/** Labels of the foreign code still running. */
export function pendingForeignCode(): string[] {
  return [...state.pending].map((entry) => entry.label);
}

/** The label of running foreign code one of these files belongs to (innermost first). */
export function foreignCodeOf(files: string[]): string | undefined {
  for (const file of files) {
    for (const entry of state.pending) if (file === entry.root || file.startsWith(`${entry.root}/`)) return entry.label;
  }
  return undefined;
}
