// The run DAG as a self-contained SVG page for a webview (colours are SVG presentation
// attributes: the page's CSP allows no inline style attributes): steps in layers by their longest
// path from a root, one <g data-step-id data-status> per step, edges from upstream steps.
// (The dashboard's React Flow graph is a separate workspace; the editor draws its own simple SVG.)
import type { DagStepView, DagView } from '../protocol.js';

const NODE_W = 210;
const NODE_H = 44;
const GAP_X = 36;
const GAP_Y = 56;
const PAD = 24;

const COLORS: Record<DagStepView['status'], string> = {
  completed: '#2ea043',
  cached: '#3fb950',
  running: '#1f6feb',
  initializing: '#8b949e',
  retrying: '#d29922',
  failed: '#f85149',
  stopped: '#d29922',
  skipped: '#6e7681',
  pending: '#6e7681',
};

export interface DagLayout {
  nodes: Array<DagStepView & { x: number; y: number; layer: number }>;
  width: number;
  height: number;
}

export function layoutDag(steps: DagStepView[]): DagLayout {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const layerOf = new Map<string, number>();
  const layer = (id: string, seen: Set<string> = new Set()): number => {
    const known = layerOf.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // a cycle cannot come from a compiled snapshot; never loop on one
    seen.add(id);
    const parents = (byId.get(id)?.upstream ?? []).filter((u) => byId.has(u));
    const value = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((p) => layer(p, seen)));
    layerOf.set(id, value);
    return value;
  };
  const rows: DagStepView[][] = [];
  for (const step of steps) (rows[layer(step.id)] ??= []).push(step);
  const widest = Math.max(1, ...rows.map((r) => r.length));
  const width = PAD * 2 + widest * NODE_W + (widest - 1) * GAP_X;
  const nodes = rows.flatMap((row, index) => {
    const rowWidth = row.length * NODE_W + (row.length - 1) * GAP_X;
    const left = (width - rowWidth) / 2;
    return row.map((step, i) => ({ ...step, layer: index, x: left + i * (NODE_W + GAP_X), y: PAD + index * (NODE_H + GAP_Y) }));
  });
  return { nodes, width, height: PAD * 2 + rows.length * NODE_H + Math.max(0, rows.length - 1) * GAP_Y };
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function dagSvg(dag: DagView): string {
  const { nodes, width, height } = layoutDag(dag.steps);
  const at = new Map(nodes.map((n) => [n.id, n]));
  const edges = nodes.flatMap((node) =>
    node.upstream
      .map((u) => at.get(u))
      .filter((from): from is (typeof nodes)[number] => from !== undefined)
      .map((from) => {
        const x1 = from.x + NODE_W / 2, y1 = from.y + NODE_H, x2 = node.x + NODE_W / 2, y2 = node.y;
        const mid = (y1 + y2) / 2;
        return `<path class="edge" data-from="${escape(from.id)}" data-to="${escape(node.id)}" d="M${x1},${y1} C${x1},${mid} ${x2},${mid} ${x2},${y2 - 6}" marker-end="url(#arrow)"/>`;
      }),
  );
  const boxes = nodes.map((n) => {
    const label = n.id === n.stepName ? n.id : `${n.id} (${n.stepName})`;
    return `<g class="step" data-step-id="${escape(n.id)}" data-status="${n.status}" transform="translate(${n.x},${n.y})">` +
      `<title>${escape(label)}: ${n.status}</title>` +
      `<rect width="${NODE_W}" height="${NODE_H}" rx="6" stroke="${COLORS[n.status]}"/>` +
      `<circle cx="16" cy="${NODE_H / 2}" r="6" fill="${COLORS[n.status]}"/>` +
      `<text x="30" y="19" class="name">${escape(label.length > 24 ? `${label.slice(0, 23)}…` : label)}</text>` +
      `<text x="30" y="35" class="status">${n.status}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="dag" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>` +
    edges.join('') + boxes.join('') + '</svg>';
}

/** The whole webview page: no scripts, styles inline under a strict content security policy. */
export function dagHtml(dag: DagView, nonce: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<title>${escape(dag.runName)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 12px; }
h1 { font-size: 1.2em; margin: 0 0 4px; } p { margin: 0 0 12px; opacity: .8; }
.step rect { fill: var(--vscode-editorWidget-background, #1e1e1e); stroke-width: 2; }
.step .name { fill: var(--vscode-foreground); font-size: 13px; font-weight: 600; }
.step .status { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.edge { fill: none; stroke: var(--vscode-descriptionForeground, #888); stroke-width: 1.5; }
.arrowhead { fill: var(--vscode-descriptionForeground, #888); }
</style></head><body>
<h1 data-run-id="${escape(dag.runId)}" data-run-status="${dag.status}">${escape(dag.pipelineName)} · ${escape(dag.runName)}</h1>
<p>Run ${dag.status} · ${dag.steps.length} step${dag.steps.length === 1 ? '' : 's'}</p>
${dagSvg(dag)}
</body></html>`;
}
