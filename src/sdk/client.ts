import { ArtifactVersion } from '../artifacts/artifact-version.js';
import type { ArtifactVersionModel, PageRequest, Page, PipelineModel, RunModel, StepRunModel, ArtifactModel, StackModel, ExecutionStatus } from '../store/models.js';
import type { PipelineRunResult } from './run-result.js';
import { getZenContext, resolveActiveStack, type ActiveStackSource, type ZenContext } from './zen-context.js';

/**
 * Read and manage what ZenML stored: pipelines, runs, steps, artifacts, stacks.
 * `new Client()` uses the global config (or ZENML_CONFIG_DIR / ZENML_STORE_URL).
 */
export class Client {
  private contextPromise?: Promise<ZenContext>;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** @internal */
  context(): Promise<ZenContext> {
    this.contextPromise ??= getZenContext(this.env);
    return this.contextPromise;
  }

  private async store() {
    return (await this.context()).store;
  }

  private wrap = (model: ArtifactVersionModel) => new ArtifactVersion(model, () => this.context());

  async getPipeline(nameOrId: string): Promise<PipelineModel> {
    return (await this.store()).getPipeline(nameOrId);
  }

  async listPipelines(request?: PageRequest & { name?: string }): Promise<Page<PipelineModel>> {
    return (await this.store()).listPipelines(request);
  }

  async deletePipeline(nameOrId: string): Promise<void> {
    return (await this.store()).deletePipeline(nameOrId);
  }

  async getRun(nameOrId: string): Promise<RunModel> {
    return (await this.store()).getRun(nameOrId);
  }

  /** The run with its step runs and their output artifact versions. */
  async getRunResult(nameOrId: string): Promise<PipelineRunResult> {
    const context = await this.context();
    const run = await context.store.getRun(nameOrId);
    const { runResult } = await import('../execution/launch-run.js');
    return runResult(context, run, await context.store.listStepRuns(run.id));
  }

  async listRuns(filter?: PageRequest & { pipeline?: string; status?: ExecutionStatus }): Promise<Page<RunModel>> {
    return (await this.store()).listRuns(filter);
  }

  async deleteRun(nameOrId: string): Promise<void> {
    return (await this.store()).deleteRun(nameOrId);
  }

  async listStepRuns(runNameOrId: string): Promise<StepRunModel[]> {
    const store = await this.store();
    return store.listStepRuns((await store.getRun(runNameOrId)).id);
  }

  async getStepRun(id: string): Promise<StepRunModel> {
    return (await this.store()).getStepRun(id);
  }

  async getArtifact(nameOrId: string): Promise<ArtifactModel> {
    return (await this.store()).getArtifact(nameOrId);
  }

  async listArtifacts(request?: PageRequest & { name?: string }): Promise<Page<ArtifactModel>> {
    return (await this.store()).listArtifacts(request);
  }

  /** A version by artifact name (latest, or the given version number) or by version id. */
  async getArtifactVersion<T = any>(nameOrId: string, version?: number): Promise<ArtifactVersion<T>> {
    return this.wrap(await (await this.store()).getArtifactVersion(nameOrId, version));
  }

  async listArtifactVersions(filter?: PageRequest & { name?: string }): Promise<Page<ArtifactVersion>> {
    const page = await (await this.store()).listArtifactVersions(filter);
    return { ...page, items: page.items.map(this.wrap) };
  }

  async getActiveStack(): Promise<StackModel & { source: ActiveStackSource }> {
    const context = await this.context();
    const active = await resolveActiveStack(context.config, this.env);
    return { ...(await context.store.getStack(active.name)), source: active.source };
  }
}
