export interface DagNode {
  id: string;
  /** Ids this node waits for. */
  upstream: string[];
  /** Text after the id, e.g. `✔ completed · 12 ms`. */
  label?: string;
}

const UNICODE = { branch: '├─▶ ', last: '└─▶ ', next: '↓ ', pipe: '│   ', space: '    ', seeAbove: '↑ see above' };
const ASCII = { branch: '|-> ', last: '`-> ', next: 'v ', pipe: '|   ', space: '    ', seeAbove: '^ see above' };

/**
 * Draws a DAG as an indented tree that reads without colour: each root, then what runs
 * after it, one level deeper. A step with several upstream steps is drawn in full under
 * the first one reached and listed as "see above" under the others, so a fan-in never
 * repeats a whole subtree and every step appears with its label exactly once. A plain
 * chain (an only child with a single parent) continues at the same depth with `↓`, so a
 * long chain does not march off the right edge.
 */
export function drawDag(nodes: DagNode[], options: { ascii?: boolean } = {}): string {
  const glyphs = options.ascii ? ASCII : UNICODE;
  const known = new Set(nodes.map((n) => n.id));
  const children = new Map<string, DagNode[]>(nodes.map((n) => [n.id, []]));
  for (const node of nodes) for (const parent of node.upstream) if (known.has(parent)) children.get(parent)!.push(node);

  const lines: string[] = [];
  const drawn = new Set<string>();
  const text = (node: DagNode) => {
    const parents = node.upstream.filter((id) => known.has(id));
    const needs = parents.length > 1 ? `  [needs ${parents.join(', ')}]` : '';
    return `${node.id}${node.label ? `  ${node.label}` : ''}${needs}`;
  };

  // Iterative so a 1,000-step chain does not exhaust the call stack.
  const visit = (root: DagNode) => {
    const stack: Array<{ node: DagNode; prefix: string; connector: string; childPrefix: string }> = [{ node: root, prefix: '', connector: '', childPrefix: '' }];
    while (stack.length > 0) {
      const { node, prefix, connector, childPrefix } = stack.pop()!;
      if (drawn.has(node.id)) {
        lines.push(`${prefix}${connector}${node.id}  ${glyphs.seeAbove}`);
        continue;
      }
      drawn.add(node.id);
      lines.push(`${prefix}${connector}${text(node)}`);
      const kids = children.get(node.id)!;
      if (kids.length === 1 && kids[0].upstream.filter((id) => known.has(id)).length === 1) {
        stack.push({ node: kids[0], prefix: childPrefix, connector: glyphs.next, childPrefix });
        continue;
      }
      for (let i = kids.length - 1; i >= 0; i -= 1) {
        const last = i === kids.length - 1;
        stack.push({ node: kids[i], prefix: childPrefix, connector: last ? glyphs.last : glyphs.branch, childPrefix: childPrefix + (last ? glyphs.space : glyphs.pipe) });
      }
    }
  };

  for (const node of nodes) if (!node.upstream.some((id) => known.has(id))) visit(node);
  // A cycle has no root; draw whatever is left so no step goes missing.
  for (const node of nodes) if (!drawn.has(node.id)) visit(node);
  return lines.join('\n');
}
