/**
 * The input names a step function declares, read from its source: the keys of the object
 * pattern that destructures its argument, e.g. `({ xs, factor = 1 }) => ...` takes `xs`
 * and `factor`. Returns `[]` for a function without parameters, `'any'` when the pattern
 * has a `...rest` element or a computed key, and undefined when the source does not say
 * (the argument is used as a whole).
 */
export function declaredInputNames(fn: (...args: never[]) => unknown): string[] | 'any' | undefined {
  const source = stripComments(Function.prototype.toString.call(fn));
  const open = parameterListStart(source);
  if (open === undefined) return undefined;
  let i = skipSpace(source, open + 1);
  if (source[i] === ')') return [];
  if (source[i] !== '{') return undefined;
  const end = matching(source, i);
  if (end === undefined) return undefined;
  const names: string[] = [];
  for (const entry of splitTopLevel(source.slice(i + 1, end))) {
    const text = entry.trim();
    if (text === '') continue;
    if (text.startsWith('...') || text.startsWith('[')) return 'any';
    const match = /^(?:([A-Za-z_$][\w$]*)|'([^']*)'|"([^"]*)")\s*(?:[:=]|$)/s.exec(text);
    if (!match) return undefined;
    names.push(match[1] ?? match[2] ?? match[3]);
  }
  return names;
}

/** Index of the `(` that opens the parameter list, or undefined (a bare `x => ...` parameter). */
function parameterListStart(source: string): number | undefined {
  const head = /^(?:async\s*)?(?:function\b\s*\*?\s*[\w$]*\s*)?/.exec(source)![0];
  const i = skipSpace(source, head.length);
  if (source[i] === '(') return i;
  // A method (`train({ x }) {}`) also starts with its name.
  const method = /^(?:async\s+)?\*?\s*[\w$]+\s*\(/.exec(source);
  return method ? method[0].length - 1 : undefined;
}

function skipSpace(source: string, i: number): number {
  while (i < source.length && /\s/.test(source[i])) i++;
  return i;
}

/** Index of the bracket closing the one at `start`, skipping strings and nested brackets. */
function matching(source: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(source, i);
      continue;
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

function stringEnd(source: string, start: number): number {
  const quote = source[start];
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === quote) return i;
  }
  return source.length;
}

/** Splits on commas outside brackets and strings. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = stringEnd(text, i);
    else if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

function stripComments(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(source, i);
      out += source.slice(i, end + 1);
      i = end;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 1;
      out += ' ';
    } else out += c;
  }
  return out;
}
