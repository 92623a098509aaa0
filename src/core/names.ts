import { UsageError } from './errors.js';

/**
 * The one rule for names (pipelines, steps, runs, stacks, components, artifacts, models,
 * secrets, tags, ...), checked before anything is written, so a bad name never leaves a
 * half-made run behind.
 *
 * - at most MAX_NAME_LENGTH characters (long names used to fail late, as folder names);
 * - never a control character, line or paragraph separator, or bidirectional override:
 *   a name is printed in tables and logs and must not move the cursor, recolour the
 *   terminal or reorder what is shown;
 * - no surrounding spaces;
 * - identifiers (what code and the CLI refer to by name) hold unicode letters and digits,
 *   '_', '.' and '-'; labels (run names, tags, artifact names) may hold any printable
 *   character, but never a path separator where the name becomes part of a path.
 */
export const MAX_NAME_LENGTH = 255;

/**
 * Unicode property classes cost V8 about a millisecond to build, at module load: these are
 * built on first use, and most commands only print (they need the first one alone).
 */
function builtOnFirstUse(build: () => RegExp): () => RegExp {
  let built: RegExp | undefined;
  return () => (built ??= build());
}

/** Control (Cc), line/paragraph separators (Zl, Zp), bidi embeddings/overrides/isolates, BOM. */
const UNPRINTABLE_CLASS = '[\\p{Cc}\\p{Zl}\\p{Zp}\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]';
const unprintable = builtOnFirstUse(() => new RegExp(UNPRINTABLE_CLASS, 'u'));
const unprintableEverywhere = builtOnFirstUse(() => new RegExp(UNPRINTABLE_CLASS, 'gu'));
const identifier = builtOnFirstUse(() => /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.-]*$/u);
const identifierNoLeadingDigit = builtOnFirstUse(() => /^[\p{L}_][\p{L}\p{M}\p{N}_.-]*$/u);

/**
 * Most names and printed cells are printable ASCII. For those the rules above reduce to these
 * plain classes (no ASCII character is a mark, and none in this range is unprintable), which
 * spares a process the unicode ones: building them took 3–4 ms of a step process's start.
 */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ASCII_IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const ASCII_IDENTIFIER_NO_LEADING_DIGIT = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export interface NameRule {
  /** 'identifier' (default): letters, digits, `_ . -`; 'label': any printable text. */
  kind?: 'identifier' | 'label';
  /** Identifiers: the first character must not be a digit (steps, pipelines). */
  noLeadingDigit?: boolean;
  /** Labels that become a file or folder name: no `/` or `\`, not `.` or `..`. */
  pathSegment?: boolean;
}

/** What is wrong with a name, or undefined when it follows the rule. */
export function nameProblem(name: unknown, rule: NameRule = {}): string | undefined {
  if (typeof name !== 'string') return `must be a string (got ${name === null ? 'null' : typeof name})`;
  if (name.length === 0) return 'must not be empty';
  if ([...name].length > MAX_NAME_LENGTH) return `is ${[...name].length} characters long; the most is ${MAX_NAME_LENGTH}`;
  const ascii = PRINTABLE_ASCII.test(name);
  if (!ascii && unprintable().test(name)) return 'contains a control character (a newline, tab, NUL, escape or direction override)';
  if (name.trim() !== name) return 'must not start or end with spaces';
  if ((rule.kind ?? 'identifier') === 'identifier') {
    const pattern = ascii
      ? rule.noLeadingDigit ? ASCII_IDENTIFIER_NO_LEADING_DIGIT : ASCII_IDENTIFIER
      : rule.noLeadingDigit ? identifierNoLeadingDigit() : identifier();
    if (!pattern.test(name)) {
      return `may only contain letters, digits, '_', '.' and '-', starting with a letter${rule.noLeadingDigit ? '' : ', digit'} or '_'`;
    }
  } else if (rule.pathSegment && (/[/\\]/.test(name) || name === '.' || name === '..')) {
    return "must not contain '/' or '\\' or be '.' or '..'";
  }
  return undefined;
}

/** Throws a one-line UsageError naming what has the bad name (`what`, e.g. "Pipeline name"). */
export function checkName(what: string, name: unknown, rule: NameRule = {}): asserts name is string {
  const problem = nameProblem(name, rule);
  if (problem) throw new UsageError(`${what} ${printableName(name)} ${problem}.`, 'Choose another name.');
}

/**
 * A name as it may be shown: control characters as escapes (`\n`, `\x1b`, `\u202e`),
 * and at most 60 characters, so an error about a 5,000-character name stays one line.
 */
export function printableName(name: unknown): string {
  const text = typeof name === 'string' ? name : String(name);
  const chars = [...text];
  const shown = chars.length > 60 ? `${chars.slice(0, 57).join('')}...` : text;
  return `'${escapeControlCharacters(shown)}'`;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** Replaces control characters with visible escapes; the CLI prints every name through it. */
export function escapeControlCharacters(text: string): string {
  if (PRINTABLE_ASCII.test(text) || !unprintable().test(text)) return text;
  return text.replace(unprintableEverywhere(), (char) => ESCAPES[char] ?? `\\u${char.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
