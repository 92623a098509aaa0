// A run's DAG with @xyflow/react: one node per step of the snapshot, coloured by its status
// (steps not started yet are `pending`). Each node carries data-step-id (the invocation id)
// and data-status, the dashboard's test contract.
import { memo, useMemo } from 'react';
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/base.css';
import { layoutDag, NODE_HEIGHT, NODE_WIDTH } from '../dag-layout.js';
import type { StepSpec } from '../types.js';

type StepNodeData = { label: string; status: string; stepId: string };
type StepNode = Node<StepNodeData, 'step'>;

const StepNodeView = memo(function StepNodeView({ data }: NodeProps<StepNode>) {
  return (
    <div className={`step-node status-${data.status}`} data-step-id={data.stepId} data-status={data.status} title={`${data.label}: ${data.status}`}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <span className="step-name">{data.label}</span>
      <span className="step-status">{data.status}</span>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { step: StepNodeView };
/** Above this many steps only the nodes in view are drawn. */
const LARGE_DAG = 200;

export function RunDag({ steps, statuses, selected, onSelect }: { steps: StepSpec[]; statuses: Map<string, string>; selected?: string; onSelect(id: string): void }) {
  const layout = useMemo(() => layoutDag(steps), [steps]);
  const edges = useMemo<Edge[]>(() => steps.flatMap((step) => step.upstream.map((up) => ({ id: `${up}->${step.id}`, source: up, target: step.id }))), [steps]);
  const names = useMemo(() => new Map(steps.map((step) => [step.id, step.id])), [steps]);
  const nodes = useMemo<StepNode[]>(
    () =>
      layout.map(({ id, x, y }) => ({
        id,
        type: 'step',
        position: { x, y },
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        selected: id === selected,
        ariaLabel: `Step ${names.get(id)}, ${statuses.get(id) ?? 'pending'}`,
        data: { label: names.get(id)!, status: statuses.get(id) ?? 'pending', stepId: id },
      })),
    [layout, statuses, selected, names],
  );
  // A big run opens on its first layers at a readable zoom and draws only the nodes in view
  // (panning and zooming draw the rest): a 1,000-step DAG opens as fast as a small one.
  const large = steps.length > LARGE_DAG;
  const fitViewOptions = useMemo(() => (large ? { nodes: layout.filter((node) => node.y < 3 * NODE_HEIGHT * 2).map(({ id }) => ({ id })), minZoom: 0.5 } : undefined), [large, layout]);
  return (
    <div className="dag" role="region" aria-label="Run DAG">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={(_event, node) => onSelect(node.id)}
        nodesDraggable={false}
        nodesConnectable={false}
        fitView
        fitViewOptions={fitViewOptions}
        onlyRenderVisibleElements={large}
        minZoom={0.02}
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
