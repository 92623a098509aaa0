// Which command a command line names, found before oclif starts, so that oclif reads the
// manifest of that one command (dist/run-manifests/, scripts/write-run-manifest.mjs) instead
// of all ~200. Only a command line that names one of zenml's own commands takes this path;
// anything else (a plugin's command, a topic, a typo) gets the whole manifest as before, so
// oclif's suggestions and plugin commands work unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A command id (or alias) in the index: its manifest file, and whether it takes arguments. */
export interface IndexedCommand {
  file: string;
  takesArgs: boolean;
}

export type CommandIndex = Record<string, IndexedCommand>;

/**
 * The id oclif would give `argv` (its normalizeArgv with topics separated by spaces), over
 * zenml's own commands: it follows the words while they continue a command id or topic,
 * stops at a flag, an `x=y` or once the command so far takes arguments, and keeps a word
 * that continues nothing (an unknown command, which then is not in the index).
 */
export function commandIdOf(argv: string[], commands: CommandIndex): string {
  if (argv.length === 1 || argv[0].includes(':')) return argv[0];
  const usable = new Set<string>();
  for (const id of Object.keys(commands)) {
    const parts = id.split(':');
    for (let count = 1; count <= parts.length; count++) usable.add(parts.slice(0, count).join(':'));
  }
  const words: string[] = [];
  const idWith = (word?: string) => [...words, word].filter(Boolean).join(':');
  for (const arg of argv) {
    if (usable.has(idWith(arg))) words.push(arg);
    else if (arg.includes('=') || arg.startsWith('-') || takesArgs(commands, idWith())) break;
    else words.push(arg);
  }
  return idWith() || argv[0];
}

function takesArgs(commands: CommandIndex, id: string): boolean {
  return id !== '' && Object.hasOwn(commands, id) && commands[id].takesArgs;
}

/**
 * The manifest file of the one command `argv` names, if it is one of zenml's own (an index in
 * `dir` lists them); undefined otherwise, or without an index (a build without that step).
 */
export function commandManifestFor(argv: string[], dir: string): string | undefined {
  if (argv.length === 0 || argv[0].startsWith('-')) return undefined;
  let commands: CommandIndex;
  try {
    commands = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as CommandIndex;
  } catch {
    return undefined;
  }
  const id = commandIdOf(argv, commands);
  return Object.hasOwn(commands, id) ? join(dir, commands[id].file) : undefined;
}
