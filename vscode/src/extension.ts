// The ZenML extension: activity-bar views (Stacks, Pipelines, Server, Models), palette commands,
// a status-bar item with the active stack and a run DAG webview. Everything ZenML-side runs in
// the worker (worker/main.ts) through the project's public Client.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { dagHtml } from './dag/dag-html.js';
import type { PipelineView, StacksView, ZenApi } from './protocol.js';
import { ZenTreeProvider } from './tree-provider.js';
import { ACTIVE_STATUSES } from './trees/status-icons.js';
import type { TreeNode } from './trees/tree-node.js';
import { hasActiveRuns, modelTree, pipelineTree, serverTree, stackTree } from './trees/trees.js';
import { WorkerBackend } from './worker-backend.js';
import { findZenml } from './zenml-location.js';

const RUNS_PER_PIPELINE = 50;

function setting<T>(key: string, fallback: T): T {
  return vscode.workspace.getConfiguration('zenml').get<T>(key) ?? fallback;
}

function nodeArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'label' in arg) return String((arg as TreeNode).label);
  return undefined;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function activate(context: vscode.ExtensionContext) {
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  let backend: WorkerBackend | undefined;
  let locationProblem: string | undefined;

  function api(): ZenApi {
    if (!backend) {
      const found = findZenml(setting<string>('path', '') || undefined, folders);
      if ('problem' in found) {
        locationProblem = found.problem;
        throw new Error(found.problem);
      }
      locationProblem = undefined;
      backend = new WorkerBackend({
        workerScript: context.asAbsolutePath(join('dist', 'worker.mjs')),
        zenmlPath: found.path,
        nodePath: setting<string>('nodePath', '') || undefined,
        cwd: folders[0] ?? homedir(),
      });
    }
    return backend.api;
  }
  context.subscriptions.push({ dispose: () => backend?.dispose() });

  // ---- views ------------------------------------------------------------------------------------
  const status = vscode.window.createStatusBarItem('zenml.activeStack', vscode.StatusBarAlignment.Left, 50);
  status.name = 'ZenML Active Stack';
  status.command = 'zenml.stack.setActive';
  context.subscriptions.push(status);

  function showStack(view: StacksView | undefined) {
    if (!view) {
      status.text = '$(layers) ZenML: unavailable';
      status.tooltip = locationProblem ?? 'ZenML could not be loaded';
    } else {
      status.text = `$(layers) ${view.activeStack}`;
      status.tooltip = `ZenML active stack: ${view.activeStack} (from ${view.source}). Click to switch.`;
    }
    status.show();
  }

  let lastActiveStack: string | undefined;
  let pipelinesHaveActiveRuns = false;
  const stacks = new ZenTreeProvider(async () => {
    const view = await api().stacks().catch((error: unknown) => {
      showStack(undefined);
      throw error;
    });
    lastActiveStack = view.activeStack;
    showStack(view);
    return stackTree(view);
  });
  const pipelines = new ZenTreeProvider(async () => {
    const views: PipelineView[] = await api().pipelines(RUNS_PER_PIPELINE);
    pipelinesHaveActiveRuns = hasActiveRuns(views);
    return pipelineTree(views);
  });
  const server = new ZenTreeProvider(async () => serverTree(await api().server()));
  const models = new ZenTreeProvider(async () => modelTree(await api().models()));
  context.subscriptions.push(
    vscode.window.createTreeView('zenml.stacks', { treeDataProvider: stacks, showCollapseAll: true }),
    vscode.window.createTreeView('zenml.pipelines', { treeDataProvider: pipelines, showCollapseAll: true }),
    vscode.window.createTreeView('zenml.server', { treeDataProvider: server }),
    vscode.window.createTreeView('zenml.models', { treeDataProvider: models, showCollapseAll: true }),
  );
  const refreshAll = () => [stacks, pipelines, server, models].forEach((p) => p.refresh());

  // Live refresh: fast while a run is going, slower otherwise (which also picks up a
  // `zenml stack set` or a run started in a terminal).
  let pollTimer: NodeJS.Timeout | undefined;
  const poll = async () => {
    try {
      const [view, runs] = await Promise.all([api().stacks(), api().pipelines(RUNS_PER_PIPELINE)]);
      if (view.activeStack !== lastActiveStack) stacks.refresh();
      const signature = JSON.stringify(runs.map((p) => [p.id, p.totalRuns, p.runs.map((r) => r.status)]));
      if (signature !== lastRunSignature || hasActiveRuns(runs)) pipelines.refresh();
      lastRunSignature = signature;
      pipelinesHaveActiveRuns = hasActiveRuns(runs);
    } catch {
      // The views show the error; keep polling so a fix (npm install, a setting) is picked up.
    }
    pollTimer = setTimeout(poll, pipelinesHaveActiveRuns ? setting('activeRunPollSeconds', 2) * 1000 : setting('pollSeconds', 5) * 1000);
  };
  let lastRunSignature = '';
  pollTimer = setTimeout(poll, 2000);
  context.subscriptions.push({ dispose: () => clearTimeout(pollTimer) });

  // ---- commands ---------------------------------------------------------------------------------
  const command = (id: string, run: (...args: unknown[]) => Promise<unknown>) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await run(...args);
        } catch (error) {
          void vscode.window.showErrorMessage(`ZenML: ${errorText(error)}`);
          return undefined;
        }
      }),
    );

  async function pickStack(placeHolder: string): Promise<string | undefined> {
    const view = await api().stacks();
    const picked = await vscode.window.showQuickPick(
      view.stacks.map((s) => ({ label: s.name, description: s.active ? 'active' : '', detail: s.components.map((c) => `${c.type}: ${c.name}`).join(' · ') })),
      { placeHolder, title: 'ZenML stacks' },
    );
    return picked?.label;
  }

  command('zenml.stack.setActive', async (arg) => {
    const name = nodeArgument(arg) ?? (await pickStack('Stack to make active'));
    if (!name) return;
    const done = await api().setActiveStack(name);
    stacks.refresh();
    void vscode.window.setStatusBarMessage(`ZenML: active stack is now '${done.name}' (${done.scope})`, 4000);
  });

  command('zenml.stack.register', async () => {
    const name = await vscode.window.showInputBox({ title: 'Register a stack', prompt: 'Name of the new stack', validateInput: (v) => (v.trim() ? undefined : 'A name is required') });
    if (!name) return;
    const components: Record<string, string> = {};
    for (const type of ['orchestrator', 'artifact_store']) {
      const options = await api().components(type);
      const picked = await vscode.window.showQuickPick(options.map((c) => ({ label: c.name, description: c.flavor })), { title: `Register '${name}': ${type}`, placeHolder: `The ${type.replace('_', ' ')}` });
      if (!picked) return;
      components[type] = picked.label;
    }
    await api().registerStack(name.trim(), components);
    stacks.refresh();
    void vscode.window.showInformationMessage(`ZenML: registered stack '${name.trim()}'.`);
  });

  command('zenml.stack.rename', async (arg) => {
    const name = nodeArgument(arg) ?? (await pickStack('Stack to rename'));
    if (!name) return;
    const newName = await vscode.window.showInputBox({ title: `Rename stack '${name}'`, value: name, validateInput: (v) => (v.trim() ? undefined : 'A name is required') });
    if (!newName || newName.trim() === name) return;
    await api().renameStack(name, newName.trim());
    stacks.refresh();
  });

  command('zenml.stack.delete', async (arg) => {
    const name = nodeArgument(arg) ?? (await pickStack('Stack to delete'));
    if (!name) return;
    const answer = await vscode.window.showWarningMessage(`Delete the stack '${name}'? Its components stay registered.`, { modal: true }, 'Delete');
    if (answer !== 'Delete') return;
    await api().deleteStack(name);
    stacks.refresh();
  });

  command('zenml.refresh', async () => refreshAll());

  command('zenml.pipeline.runCurrentFile', async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !/\.(m?[jt]s|cts)$/.test(editor.document.fileName)) throw new Error('Open a pipeline file (.ts or .js) in the editor first.');
    if (editor.document.isDirty) await editor.document.save();
    api(); // finds zenml (or reports why not) before opening a terminal
    const found = findZenml(setting<string>('path', '') || undefined, folders);
    if ('problem' in found) throw new Error(found.problem);
    const localBin = folders.map((f) => join(f, 'node_modules', '.bin', 'zenml')).find((p) => existsSync(p));
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const zenml = localBin ? quote(localBin) : `${quote(setting<string>('nodePath', '') || 'node')} ${quote(join(found.path, 'bin', 'run.js'))}`;
    const terminal = vscode.window.terminals.find((t) => t.name === 'ZenML') ?? vscode.window.createTerminal({ name: 'ZenML', cwd: folders[0] });
    terminal.show(true);
    terminal.sendText(`${zenml} pipeline run ${quote(editor.document.fileName)}`);
    pipelinesHaveActiveRuns = true; // poll fast until the run shows up and ends
  });

  const dagPanels = new Map<string, vscode.WebviewPanel>();
  command('zenml.run.openDag', async (arg) => {
    let runId = typeof arg === 'string' ? arg : arg && typeof arg === 'object' && 'id' in arg ? String((arg as TreeNode).id).replace(/^run:/, '') : undefined;
    if (!runId) {
      const runs = (await api().pipelines(10)).flatMap((p) => p.runs.map((r) => ({ label: r.name, description: r.status, detail: p.name, id: r.id, created: r.created })));
      runs.sort((a, b) => b.created.localeCompare(a.created));
      const picked = await vscode.window.showQuickPick(runs, { title: 'Open Run DAG', placeHolder: 'A pipeline run' });
      if (!picked) return;
      runId = picked.id;
    }
    const dag = await api().runDag(runId);
    let panel = dagPanels.get(dag.runId);
    if (panel) panel.reveal();
    else {
      panel = vscode.window.createWebviewPanel('zenml.runDag', `DAG: ${dag.runName}`, vscode.ViewColumn.Active, { enableScripts: false });
      dagPanels.set(dag.runId, panel);
      const id = dag.runId;
      let timer: NodeJS.Timeout | undefined;
      const follow = async () => {
        const fresh = await api().runDag(id).catch(() => undefined);
        if (!fresh || !dagPanels.has(id)) return;
        dagPanels.get(id)!.webview.html = dagHtml(fresh, randomBytes(16).toString('base64'));
        if (ACTIVE_STATUSES.has(fresh.status)) timer = setTimeout(follow, 2000);
      };
      panel.onDidDispose(() => {
        clearTimeout(timer);
        dagPanels.delete(id);
      });
      if (ACTIVE_STATUSES.has(dag.status)) timer = setTimeout(follow, 2000);
    }
    panel.webview.html = dagHtml(dag, randomBytes(16).toString('base64'));
  });

  command('zenml.run.delete', async (arg) => {
    const node = arg as TreeNode | undefined;
    if (!node?.id?.startsWith('run:')) throw new Error('Choose a run in the Pipelines view.');
    const answer = await vscode.window.showWarningMessage(`Delete the run '${node.label}'?`, { modal: true }, 'Delete');
    if (answer !== 'Delete') return;
    await api().deletePipelineRun(node.id.slice('run:'.length));
    pipelines.refresh();
  });

  command('zenml.pipeline.delete', async (arg) => {
    const name = nodeArgument(arg);
    if (!name) throw new Error('Choose a pipeline in the Pipelines view.');
    const answer = await vscode.window.showWarningMessage(`Delete the pipeline '${name}'? Its runs are deleted too.`, { modal: true }, 'Delete');
    if (answer !== 'Delete') return;
    await api().deletePipeline(name);
    pipelines.refresh();
  });

  command('zenml.server.login', async () => {
    const url = await vscode.window.showInputBox({ title: 'Log in to a ZenML server', prompt: 'Server URL', placeHolder: 'http://127.0.0.1:8237' });
    if (!url) return;
    const username = await vscode.window.showInputBox({ title: `Log in to ${url}`, prompt: 'Username' });
    if (!username) return;
    const password = await vscode.window.showInputBox({ title: `Log in to ${url} as ${username}`, prompt: 'Password', password: true });
    if (password === undefined) return;
    const result = await api().login(url, username, password);
    refreshAll();
    void vscode.window.showInformationMessage(`ZenML: logged in to ${result.url} as '${result.username ?? username}'; the CLI and SDK now use this server.`);
  });

  command('zenml.server.logout', async () => {
    const result = await api().logout();
    refreshAll();
    void vscode.window.showInformationMessage(result.url ? `ZenML: logged out of ${result.url}; back on the local store.` : 'ZenML: not logged in to any server.');
  });

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('zenml.path') || event.affectsConfiguration('zenml.nodePath')) {
        backend?.dispose();
        backend = undefined;
        refreshAll();
      }
    }),
  );
  showStack(undefined);
  status.text = '$(layers) ZenML';
}

export function deactivate() {}
