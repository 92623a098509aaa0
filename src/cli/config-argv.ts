import { UsageError } from '../core/errors.js';

/** A command's own flags, as far as splitting raw argv needs to know them. */
export interface KnownFlag {
  name: string;
  char?: string;
  /** Takes a value (`--flavor local`) rather than being a switch (`--yes`). */
  takesValue: boolean;
}

/**
 * Splits the raw argv of a command that accepts arbitrary `--key=value` pairs (component
 * config): known flags are left to oclif, other `--key value` / `--key=value` pairs become
 * config, and what is left are the positional arguments.
 */
export function splitConfigArgv(argv: string[], known: KnownFlag[]): { positional: string[]; config: Record<string, string> } {
  const byName = new Map(known.map((flag) => [flag.name, flag]));
  const byChar = new Map(known.filter((flag) => flag.char).map((flag) => [flag.char!, flag]));
  const positional: string[] = [];
  const config: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = token.slice(2, eq === -1 ? undefined : eq);
      const flag = byName.get(name) ?? (name.startsWith('no-') ? byName.get(name.slice(3)) : undefined);
      if (flag) {
        if (flag.takesValue && eq === -1) i++;
        continue;
      }
      if (!name) throw new UsageError(`Invalid flag '${token}'.`);
      if (eq !== -1) config[name] = token.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) config[name] = argv[++i];
      else throw new UsageError(`Config flag --${name} needs a value.`, `Pass --${name}=<value>.`);
      continue;
    }
    if (/^-[A-Za-z]/.test(token)) {
      const flag = byChar.get(token[1]);
      if (!flag) throw new UsageError(`Unknown flag '${token}'.`, 'Config values are passed as --key=value.');
      if (flag.takesValue && token.length === 2) i++;
      continue;
    }
    positional.push(token);
  }
  return { positional, config };
}

/** Matches a CLI key (`max-parallelism`, `max_parallelism`) to a schema property (`maxParallelism`). */
export function schemaKey(key: string, properties: string[]): string {
  if (properties.includes(key)) return key;
  const normalized = key.replace(/[-_]/g, '').toLowerCase();
  return properties.find((property) => property.replace(/[-_]/g, '').toLowerCase() === normalized) ?? key;
}
