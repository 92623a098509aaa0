// The on-disk form of a bundle that src/core/code-cache.ts runs: its first line is for Node
// (a comment, or an entry's hand-over to the loader when Node itself requires the file), the
// rest is the function the loader calls, already written out. Wrapping it at load time made
// the source a concatenated string that V8 copied whole before every compile or cache lookup:
// 1.5 MB of fresh memory at each start. FUNCTION_HEAD must stay equal to code-cache.ts's.
export const FUNCTION_HEAD = '(function (exports, require, module, __filename, __dirname, __zenmlImport) {';

/** `body` (CommonJS code) in the form the code cache loader runs as is. */
export function cachedBundleText(body, nodeLine = '// Run by src/core/code-cache.ts, not by require().') {
  if (nodeLine.includes('\n')) throw new Error('cachedBundleText: the first line must be one line');
  return `${nodeLine}\n${FUNCTION_HEAD}${body}\n})\n`;
}
