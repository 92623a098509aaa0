import type { Hook } from '../../vendor/oclif.js';
import levenshtein from 'fast-levenshtein';

/** The command the words most likely meant, by edit distance over whole command ids. */
export function closestCommand(words: string[], commandIds: string[]): string | undefined {
  let best: { id: string; score: number } | undefined;
  // `zenml stak lst` reaches the hook as id `stak` plus argv: try every word count, so a
  // typo in any word of a multi-word command still finds it.
  for (let count = words.length; count >= 1; count--) {
    const typed = words.slice(0, count).join(':');
    for (const id of commandIds) {
      if (id.split(':').length !== count) continue;
      const distance = levenshtein.get(typed, id);
      // Relative distance, so one typo in a long id ranks like one typo in a short one.
      const score = distance / Math.max(id.length, typed.length);
      if (distance <= Math.max(2, Math.floor(id.length / 3)) && (!best || score < best.score)) best = { id, score };
    }
  }
  return best?.id;
}

/**
 * A mistyped command exits 2 (a usage error) with one line that names the closest command
 * the way it is typed, with spaces.
 */
const hook: Hook.CommandNotFound = async function (options) {
  const visible = options.config.commands.filter((command) => !command.hidden).map((command) => command.id);
  const words = [...options.id.split(':'), ...(options.argv ?? []).filter((arg) => !arg.startsWith('-'))];
  const typed = words.slice(0, Math.max(1, options.id.split(':').length)).join(' ');
  const suggestion = closestCommand(words, visible);
  const bin = options.config.bin;
  const hint = suggestion ? ` Did you mean \`${bin} ${suggestion.replaceAll(':', ' ')}\`?` : '';
  // Printed as zenml's other errors are (one unwrapped line), then a quiet exit 2.
  process.stderr.write(`Error: \`${bin} ${typed}\` is not a command.${hint} Run \`${bin} help\` for the list.\n`);
  this.exit(2);
};

export default hook;
