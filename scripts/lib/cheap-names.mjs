// esbuild's keepNames (scripts/bundle-lib.mjs) keeps the library's function and class names as
// written when bundling renames a binding (two modules' `hash` meeting in one chunk). It does so
// with __name(fn, "name"), which redefines `name` through Object.defineProperty: V8 then moves
// the function to dictionary mode, ~0.5 KB and a few µs each. A command start ran ~770 of
// them (400 on arrow functions that JavaScript would have named the same anyway), and a step
// run some more on every call of code that creates closures. This keeps the names and drops
// the redefinitions that change nothing.
import ts from 'typescript';

/** The helper's definition as esbuild writes it, with or without minified whitespace and syntax. */
const NAME_HELPER = /(?<=(?:\bvar |,)__name ?= ?\(target, ?value\) ?=> ?)(__defProp\d*)\(target, ?"name", ?\{ ?value, ?configurable: ?(?:true|!0) ?\}\)/;
const DEFINES_NAME_HELPER = /(?:\bvar |,)__name ?= ?\(/;

/**
 * `source` (an ES module chunk or entry of the library build) with __name calls that cannot
 * change a name removed, and the helper made to skip functions already so named (a function
 * declaration whose binding kept its name: `function hash` then `__name(hash, "hash")`).
 */
export function withCheapNames(source, file) {
  if (!source.includes('__name(')) return source;
  let text = source;
  if (DEFINES_NAME_HELPER.test(text)) {
    if (!NAME_HELPER.test(text)) throw new Error(`cheap-names: esbuild's __name helper in ${file} is not the one expected: update NAME_HELPER`);
    text = text.replace(NAME_HELPER, (definition) => `target.name === value ? target : ${definition}`);
  }
  return withoutRedundantWrappers(text, file);
}

/**
 * `__name(() => …, "get")` where the arrow stands as `get: …`, `const get = …`, `get = …` or a
 * class field `get = …`: JavaScript names an anonymous function (or class) from that position
 * itself, so the wrapper only costs. Its two ends are cut out of the text; the wrapped
 * expression, and any wrappers inside it, stay.
 */
function withoutRedundantWrappers(text, file) {
  const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const cuts = [];
  const visit = (node) => {
    if (isRedundantWrapper(node)) {
      const [wrapped] = node.arguments;
      cuts.push([node.getStart(tree), wrapped.getStart(tree)], [wrapped.end, node.end]);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  if (cuts.length === 0) return text;
  cuts.sort((a, b) => a[0] - b[0]);
  let result = '';
  let from = 0;
  for (const [start, end] of cuts) {
    result += text.slice(from, start);
    from = end;
  }
  return result + text.slice(from);
}

function isRedundantWrapper(node) {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== '__name') return false;
  const [wrapped, name] = node.arguments;
  if (node.arguments.length !== 2 || !ts.isStringLiteral(name) || !isAnonymousFunctionOrClass(wrapped)) return false;
  return nameGivenAt(node) === name.text;
}

function isAnonymousFunctionOrClass(node) {
  return ts.isArrowFunction(node) || ((ts.isFunctionExpression(node) || ts.isClassExpression(node)) && node.name === undefined);
}

/** The name JavaScript gives an anonymous function standing where `node` stands, if any. */
function nameGivenAt(node) {
  const parent = node.parent;
  const keyText = (key) => (ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isPrivateIdentifier(key) ? key.text : undefined);
  if (ts.isPropertyAssignment(parent) && parent.initializer === node) {
    const key = keyText(parent.name);
    // `__proto__: value` sets the prototype instead of defining a property.
    return key === '__proto__' ? undefined : key;
  }
  if (ts.isPropertyDeclaration(parent) && parent.initializer === node) return keyText(parent.name);
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) return parent.left.text;
  return undefined;
}
