import { escapeControlCharacters } from '../core/names.js';

/** The colour codes (SGR) this CLI writes itself when colour is on. */
const COLOR_CODE = /\x1b\[[0-9;]*m/g;

/**
 * Text as it may reach a terminal: control characters that came in with stored data (a
 * name holding an escape sequence, a carriage return, a NUL) are shown as escapes, so no
 * stored value can move the cursor, retitle the terminal or hide what follows. Line breaks
 * and tabs the CLI lays out with stay; with colour on, colour codes stay too (a name's own
 * are escaped earlier, in table cells, and with NO_COLOR none pass at all).
 */
export function terminalSafe(text: string, keepColors: boolean): string {
  if (!keepColors) return escapeKeepingLayout(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(COLOR_CODE)) {
    out += escapeKeepingLayout(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeKeepingLayout(text.slice(last));
}

function escapeKeepingLayout(text: string): string {
  return text
    .split(/([\n\t])/)
    .map((part) => (part === '\n' || part === '\t' ? part : escapeControlCharacters(part)))
    .join('');
}
