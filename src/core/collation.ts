// String.prototype.localeCompare builds ICU's collator on its first call: ~10–15 ms, paid by
// every process that sorts a few names with it. Names and paths zenml sorts are nearly
// always lowercase ASCII, which the root collation (and English, which does not tailor it)
// orders character by character by the ranks below: the same order, without ICU.

/** Space, punctuation and symbols in the root collation's order, then digits, then letters. */
const ORDER = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789abcdefghijklmnopqrstuvwxyz";
const RANKS = new Int8Array(128).fill(-1);
for (let index = 0; index < ORDER.length; index++) RANKS[ORDER.charCodeAt(index)] = index;

/** Whether this process collates as the root locale does (no locale, C, POSIX or English). */
const plainLocale = /^(C|POSIX|en)?([._@-]|$)/.test(process.env.LC_ALL || process.env.LC_COLLATE || process.env.LANG || '');

/** Ranks of `text`'s characters, or undefined when one is outside ORDER (uppercase, non-ASCII). */
function ranksOf(text: string): number[] | undefined {
  const ranks: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const rank = code < 128 ? RANKS[code] : -1;
    if (rank < 0) return undefined;
    ranks.push(rank);
  }
  return ranks;
}

/** Exactly `a.localeCompare(b)`'s sign, without ICU for plain lowercase text. */
export function compareText(a: string, b: string): number {
  const left = plainLocale ? ranksOf(a) : undefined;
  const right = left ? ranksOf(b) : undefined;
  if (!left || !right) return a.localeCompare(b);
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    if (left[index] !== right[index]) return left[index] < right[index] ? -1 : 1;
  }
  return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
}
