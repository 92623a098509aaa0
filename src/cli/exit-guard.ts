import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foreignCodeOf, pendingForeignCode } from '../core/foreign-code.js';

/** Root of the zenml package (this file is <root>/dist/cli/ or <root>/src/cli/). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where zenml's own code and its dependencies live; a process.exit from anywhere else is someone else's. */
const OWN = ['dist', 'src', 'bin', 'node_modules'].map((folder) => join(ROOT, folder) + sep);
/** oclif (which exits after a command's error), wherever npm hoisted it in the user's project. */
const OCLIF = `${sep}node_modules${sep}@oclif${sep}`;
const isOwn = (file: string) => OWN.some((own) => file.startsWith(own)) || file.includes(OCLIF);

const framesOf = (stack: string): string[] =>
  stack
    .split('\n')
    .slice(1)
    .map((line) => /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(line)?.[1])
    .filter((file): file is string => file !== undefined)
    .map((file) => (file.startsWith('file://') ? fileURLToPath(file) : file));

/**
 * Guards a CLI process (bin/run.js) against code it runs but did not write: a plugin hook or
 * pipeline file that calls process.exit ends the command with one line naming it and exit 1
 * (not a silent 0 without a run), one whose top-level await never settles likewise (not a
 * silent 13). `finished()` then ends the process once the command is done, so a timer or
 * socket such code left open cannot keep it alive.
 */
export function guardCliProcess(): { finished(): Promise<void> } {
  const exit = process.exit.bind(process);
  let done = false;
  const stopHere = (what: string): void => {
    process.stderr.write(`Error: ${what}; zenml stopped without finishing.\n`);
  };
  const unsettled = (): void => {
    done = true;
    const pending = pendingForeignCode();
    stopHere(`${pending.length > 0 ? pending.join(', ') : 'a module'} never finished (a top-level await or promise that never settles)`);
  };
  process.exit = ((code?: number | string | null) => {
    if (!done) {
      const files = framesOf(new Error().stack ?? '');
      const caller = files.find((file) => file !== fileURLToPath(import.meta.url));
      if (caller !== undefined && !isOwn(caller)) {
        done = true;
        stopHere(`${foreignCodeOf(files) ?? caller} called process.exit(${code ?? ''})`);
        return exit(Number(code) || 1);
      }
    }
    done = true;
    return exit(code);
  }) as typeof process.exit;
  // Ending with neither the command finished nor anyone calling process.exit: the event loop
  // emptied while the command still waited (on an import or hook that never settles); Node
  // would exit with code 13 (unsettled top-level await) and no word.
  process.on('exit', () => {
    if (done) return;
    unsettled();
    process.exitCode = 1;
  });
  return {
    async finished() {
      done = true;
      // Everything written is out before the process ends (pipes and files are async in places).
      await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
      exit();
    },
  };
}
