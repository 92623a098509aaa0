// The worker's answers, written against the public `Client` of the zenml package it loaded.
// Kept free of the vscode module and of IPC, so the tree tests run them in-process on a real store.
import type { Client } from 'zenml';
import type { ComponentView, DagView, ModelView, PipelineView, RunStatus, StackView, StacksView, ZenApi } from '../protocol.js';

/** Enough of a Client for the extension: what `new Client()` from 'zenml' has. */
export type ZenClient = Pick<
  Client,
  | 'listStacks' | 'getActiveStack' | 'listStackComponents' | 'activateStack' | 'createStack' | 'updateStack' | 'deleteStack' | 'getStack'
  | 'listPipelines' | 'listPipelineRuns' | 'deletePipelineRun' | 'deletePipeline' | 'getPipelineRun' | 'getSnapshot'
  | 'getStoreInfo' | 'getServerInfo' | 'login' | 'logout' | 'listModels' | 'listModelVersions'
>;

const ALL = 10_000;

export function createHandlers(client: () => ZenClient): ZenApi {
  async function stackView(stack: { id: string; name: string; components: Record<string, string> }, active: string, components: Map<string, ComponentView>): Promise<StackView> {
    const nested = Object.values(stack.components)
      .map((id) => components.get(id))
      .filter((c): c is ComponentView => c !== undefined)
      .sort((a, b) => a.type.localeCompare(b.type));
    return { id: stack.id, name: stack.name, active: stack.name === active, components: nested };
  }

  async function componentIndex(): Promise<Map<string, ComponentView>> {
    const page = await client().listStackComponents(undefined, { size: ALL });
    return new Map(page.items.map((c) => [c.id, { id: c.id, type: c.type, name: c.name, flavor: c.flavor }]));
  }

  return {
    async stacks(): Promise<StacksView> {
      const [page, active, components] = await Promise.all([client().listStacks({ size: ALL, sortBy: 'asc:name' }), client().getActiveStack(), componentIndex()]);
      const stacks = await Promise.all(page.items.map((s) => stackView(s, active.name, components)));
      return { stacks, activeStack: active.name, source: active.source };
    },
    async components(type) {
      const page = await client().listStackComponents(type as never, { size: ALL, sortBy: 'asc:name' });
      return page.items.map((c) => ({ id: c.id, type: c.type, name: c.name, flavor: c.flavor }));
    },
    async setActiveStack(name) {
      const activation = await client().activateStack(name);
      return { name: activation.stack.name, scope: activation.scope };
    },
    async registerStack(name, components) {
      const stack = await client().createStack(name, components as never);
      return stackView(stack, (await client().getActiveStack()).name, await componentIndex());
    },
    async renameStack(name, newName) {
      const stack = await client().updateStack(name, { name: newName });
      return stackView(stack, (await client().getActiveStack()).name, await componentIndex());
    },
    async deleteStack(name) {
      await client().deleteStack(name);
    },
    async pipelines(runsPerPipeline): Promise<PipelineView[]> {
      const pipelines = await client().listPipelines({ size: ALL, sortBy: 'asc:name' });
      return Promise.all(
        pipelines.items.map(async (p) => {
          const runs = await client().listPipelineRuns({ pipeline: p.id, sortBy: 'desc:created', size: runsPerPipeline });
          return {
            id: p.id,
            name: p.name,
            totalRuns: runs.total,
            runs: runs.items.map((r) => ({ id: r.id, name: r.name, status: r.status as RunStatus, created: r.created, ...(r.ended ? { ended: r.ended } : {}) })),
          };
        }),
      );
    },
    async deletePipelineRun(id) {
      await client().deletePipelineRun(id);
    },
    async deletePipeline(name) {
      await client().deletePipeline(name);
    },
    async runDag(runNameOrId): Promise<DagView> {
      const run = await client().getPipelineRun(runNameOrId);
      const snapshot = await client().getSnapshot(run.snapshotId);
      const spec = snapshot.spec as { steps?: Array<{ id: string; stepName: string; upstream: string[] }> };
      const steps = (spec.steps ?? []).map((s) => ({ id: s.id, stepName: s.stepName, upstream: [...s.upstream], status: run.steps[s.id]?.status ?? ('pending' as const) }));
      return { runId: run.id, runName: run.name, pipelineName: run.pipelineName, status: run.status as RunStatus, steps };
    },
    async server() {
      const [info, store] = await Promise.all([client().getServerInfo(), client().getStoreInfo()]);
      return { ...info, configDir: store.configDir };
    },
    async login(url, username, password) {
      const result = await client().login(url, { username, password });
      return { url: result.url, ...(result.username ? { username: result.username } : {}) };
    },
    async logout() {
      const result = await client().logout();
      return { ...(result.url ? { url: result.url } : {}), loggedOut: result.loggedOut };
    },
    async models(): Promise<ModelView[]> {
      const models = await client().listModels({ size: ALL, sortBy: 'asc:name' });
      return Promise.all(
        models.items.map(async (m) => {
          const versions = await client().listModelVersions({ model: m.id, size: ALL, sortBy: 'desc:created' });
          return { id: m.id, name: m.name, versions: versions.items.map((v) => ({ name: v.name, number: v.number, stage: v.stage, created: v.created })) };
        }),
      );
    },
  };
}
