// Builds the four views' trees from the worker's answers. Pure functions of the data.
import type { ModelView, PipelineView, ServerView, StacksView } from '../protocol.js';
import { ACTIVE_STATUSES, STATUS_ICONS } from './status-icons.js';
import { leaf, type TreeNode } from './tree-node.js';

export function stackTree(view: StacksView): TreeNode[] {
  return view.stacks.map((stack) => ({
    id: `stack:${stack.id}`,
    label: stack.name,
    ...(stack.active ? { description: `active (${view.source})` } : {}),
    tooltip: stack.active ? `${stack.name}: the active stack, set in the ${view.source}` : `${stack.name}: click to make it the active stack`,
    icon: stack.active ? { id: 'pass-filled', color: 'charts.green' } : { id: 'layers' },
    contextValue: stack.active ? 'zenml.stack.active' : 'zenml.stack',
    ...(stack.active ? {} : { command: { command: 'zenml.stack.setActive', title: 'Set Active Stack', arguments: [stack.name] } }),
    expanded: stack.active,
    children: stack.components.map((c) =>
      leaf(`stack:${stack.id}:${c.id}`, c.name, { description: `${c.type} · ${c.flavor}`, icon: { id: 'symbol-class' }, contextValue: 'zenml.component', tooltip: `${c.type} '${c.name}' (flavor ${c.flavor})` }),
    ),
  }));
}

export function pipelineTree(views: PipelineView[]): TreeNode[] {
  return views.map((pipeline) => {
    const latest = pipeline.runs[0];
    return {
      id: `pipeline:${pipeline.id}`,
      label: pipeline.name,
      description: `${pipeline.totalRuns} run${pipeline.totalRuns === 1 ? '' : 's'}`,
      icon: latest ? STATUS_ICONS[latest.status] : { id: 'type-hierarchy' },
      contextValue: 'zenml.pipeline',
      children: pipeline.runs.map((run) =>
        leaf(`run:${run.id}`, run.name, {
          description: run.status,
          tooltip: `${run.name}: ${run.status}, created ${run.created}${run.ended ? `, ended ${run.ended}` : ''}`,
          icon: STATUS_ICONS[run.status],
          contextValue: ACTIVE_STATUSES.has(run.status) ? 'zenml.run.active' : 'zenml.run',
          command: { command: 'zenml.run.openDag', title: 'Open Run DAG', arguments: [run.id] },
        }),
      ),
    };
  });
}

/** True when a run in the tree is still going (the view then refreshes every couple of seconds). */
export function hasActiveRuns(views: PipelineView[]): boolean {
  return views.some((p) => p.runs.some((r) => ACTIVE_STATUSES.has(r.status)));
}

export function serverTree(view: ServerView): TreeNode[] {
  const user = view.local ? 'local (no login)' : view.serviceAccount ? 'a service account' : (view.username ?? 'not logged in');
  return [
    leaf('server:url', view.local ? 'Local store' : 'Server', { description: view.url, tooltip: view.url, icon: { id: view.local ? 'database' : 'server' }, contextValue: view.local ? 'zenml.server.local' : 'zenml.server.remote' }),
    leaf('server:user', 'User', { description: user, icon: { id: 'account' } }),
    leaf('server:version', 'Version', { description: view.version ?? 'unknown', icon: { id: 'versions' } }),
    leaf('server:config', 'Config dir', { description: view.configDir, tooltip: view.configDir, icon: { id: 'folder' } }),
  ];
}

export function modelTree(views: ModelView[]): TreeNode[] {
  return views.map((model) => ({
    id: `model:${model.id}`,
    label: model.name,
    description: `${model.versions.length} version${model.versions.length === 1 ? '' : 's'}`,
    icon: { id: 'package' },
    contextValue: 'zenml.model',
    children: model.versions.map((v) =>
      leaf(`model:${model.id}:${v.number}`, v.name === String(v.number) ? `v${v.number}` : `${v.name} (v${v.number})`, {
        description: v.stage,
        icon: v.stage === 'production' ? { id: 'star-full', color: 'charts.green' } : v.stage === 'staging' ? { id: 'beaker', color: 'charts.yellow' } : v.stage === 'archived' ? { id: 'archive' } : { id: 'tag' },
        contextValue: 'zenml.modelVersion',
      }),
    ),
  }));
}
