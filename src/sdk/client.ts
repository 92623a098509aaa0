import { ArtifactVersion } from '../artifacts/artifact-version.js';
import type { ArtifactVersionModel, PageRequest, Page, PipelineModel, RunModel, StepRunModel, ArtifactModel, StackModel, ExecutionStatus, SecretModel } from '../core/entities.js';
import type { PipelineRunResult } from '../execution/run-result.js';
import type { RunOptions } from '../core/step-config.js';
import type { TaggableResourceType } from '../core/entities.js';
import type { TagTarget } from '../models/tag-targets.js';
import type {
  ModelArtifactType,
  ModelFilter,
  ModelModel,
  ModelUpdate,
  ModelVersionArtifactFilter,
  ModelVersionArtifactModel,
  ModelVersionFilter,
  ModelVersionModel,
  ModelVersionUpdate,
  NewModel,
  NewModelVersion,
  TagFilter,
  TagModel,
} from '../core/model-entities.js';
import { getZenContext, resolveActiveStack, type ActiveStackSource, type ZenContext } from '../context/zen-context.js';

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

  /** The store, after marking runs whose process died as failed: every read of runs sees the truth. */
  private async runStore() {
    const store = await this.store();
    const { reapDeadRuns } = await import('../execution/dead-runs.js');
    await reapDeadRuns(store);
    return store;
  }

  private wrap = (model: ArtifactVersionModel) => new ArtifactVersion(model, async (componentId) => {
    const { artifactStoreById } = await import('../stack/artifact-store-factory.js');
    return artifactStoreById(await this.context(), componentId);
  });

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
    return (await this.runStore()).getRun(nameOrId);
  }

  /** The run with its step runs and their output artifact versions. */
  async getRunResult(nameOrId: string): Promise<PipelineRunResult> {
    const context = await this.context();
    await this.runStore();
    const run = await context.store.getRun(nameOrId);
    const { runResult } = await import('../execution/launch-run.js');
    return runResult(context, run, await context.store.listStepRuns(run.id));
  }

  async listRuns(filter?: PageRequest & { pipeline?: string; status?: ExecutionStatus; after?: string }): Promise<Page<RunModel>> {
    return (await this.runStore()).listRuns(filter);
  }

  async deleteRun(nameOrId: string): Promise<void> {
    return (await this.store()).deleteRun(nameOrId);
  }

  /**
   * Re-runs a failed or stopped run from its failed steps as a new run linked to it
   * (`originalRunId`), reusing the outputs of the steps that completed. Needs `force` when
   * the pipeline's source file changed since the run.
   */
  async resumeRun(nameOrId: string, options: { force?: boolean; onWarning?: (message: string) => void } = {}): Promise<PipelineRunResult> {
    const { resumeRun } = await import('../execution/resume.js');
    return resumeRun(await this.context(), nameOrId, options);
  }

  /** Imports a pipeline file, compiles it with these options and runs it: what `zenml pipeline run FILE` does. */
  async runPipelineFile(file: string, options: RunOptions & { pipeline?: string } = {}): Promise<PipelineRunResult> {
    const [{ PipelineSource }, { launchRun }] = await Promise.all([import('../execution/pipeline-source.js'), import('../execution/launch-run.js')]);
    const { pipeline, ...runOptions } = options;
    const source = await PipelineSource.load(file, { exportName: pipeline });
    return launchRun(await source.compile(runOptions), await this.context());
  }

  /** Asks a running run (in this or another process) to stop; resolves with the run after waiting up to `waitMs`. */
  async stopRun(nameOrId: string, options: { graceful?: boolean; waitMs?: number } = {}): Promise<RunModel> {
    const { stopRun } = await import('../execution/stop-run.js');
    return stopRun(await this.store(), nameOrId, options);
  }

  async listStepRuns(runNameOrId: string): Promise<StepRunModel[]> {
    const store = await this.runStore();
    return store.listStepRuns((await store.getRun(runNameOrId)).id);
  }

  async getStepRun(id: string): Promise<StepRunModel> {
    return (await this.runStore()).getStepRun(id);
  }

  async getArtifact(nameOrId: string): Promise<ArtifactModel> {
    return (await this.store()).getArtifact(nameOrId);
  }

  async listArtifacts(request?: PageRequest & { name?: string }): Promise<Page<ArtifactModel>> {
    return (await this.store()).listArtifacts(request);
  }

  /** A version by artifact name (latest, or the given version number) or by version id. */
  async getArtifactVersion<T = any>(nameOrId: string, version?: number | string): Promise<ArtifactVersion<T>> {
    return this.wrap(await (await this.store()).getArtifactVersion(nameOrId, version));
  }

  async listArtifactVersions(filter?: PageRequest & { name?: string; after?: string }): Promise<Page<ArtifactVersion>> {
    const page = await (await this.store()).listArtifactVersions(filter);
    return { ...page, items: page.items.map(this.wrap) };
  }

  /** A secret with its values in plain text: explicit on purpose, never printed by zenml. */
  async getSecret(nameOrId: string): Promise<SecretModel & { values: Record<string, string> }> {
    const { secretsManager } = await import('../secrets/secrets-manager.js');
    const { secret, values } = await secretsManager(await this.context()).getValues(nameOrId);
    return { ...secret, values };
  }

  async createSecret(name: string, values: Record<string, string>, options: { private?: boolean } = {}): Promise<SecretModel> {
    const { secretsManager } = await import('../secrets/secrets-manager.js');
    return secretsManager(await this.context()).create(name, values, options);
  }

  /** Adds or changes keys (`values`), removes keys, renames, or changes `private`. */
  async updateSecret(nameOrId: string, update: { values?: Record<string, string>; removeKeys?: string[]; private?: boolean; name?: string }): Promise<SecretModel> {
    const { secretsManager } = await import('../secrets/secrets-manager.js');
    const manager = secretsManager(await this.context());
    let secret = await manager.get(nameOrId);
    if (update.values || update.removeKeys || update.private !== undefined) secret = await manager.update(secret.id, update);
    if (update.name !== undefined && update.name !== secret.name) secret = await manager.rename(secret.id, update.name);
    return secret;
  }

  /** Names and keys only, never values. */
  async listSecrets(request?: PageRequest & { name?: string }): Promise<Page<SecretModel>> {
    const { secretsManager } = await import('../secrets/secrets-manager.js');
    return secretsManager(await this.context()).list(request);
  }

  async deleteSecret(nameOrId: string): Promise<void> {
    const { secretsManager } = await import('../secrets/secrets-manager.js');
    await secretsManager(await this.context()).delete(nameOrId);
  }

  async getActiveStack(): Promise<StackModel & { source: ActiveStackSource }> {
    const context = await this.context();
    const active = await resolveActiveStack(context.config, this.env);
    return { ...(await context.store.getStack(active.name)), source: active.source };
  }

  // Models, model versions and tags (src/models).
  async createModel(model: NewModel): Promise<ModelModel> {
    return (await this.store()).createModel(model);
  }

  async getModel(nameOrId: string): Promise<ModelModel> {
    return (await this.store()).getModel(nameOrId);
  }

  async listModels(filter?: ModelFilter): Promise<Page<ModelModel>> {
    return (await this.store()).listModels(filter);
  }

  async updateModel(nameOrId: string, update: ModelUpdate): Promise<ModelModel> {
    return (await this.store()).updateModel(nameOrId, update);
  }

  /** Refuses a model with a version in production unless `force`. */
  async deleteModel(nameOrId: string, options?: { force?: boolean }): Promise<void> {
    return (await this.store()).deleteModel(nameOrId, options);
  }

  async createModelVersion(model: string, version?: NewModelVersion): Promise<ModelVersionModel> {
    return (await this.store()).createModelVersion(model, version);
  }

  /** By number, name, stage (`staging`, `production`, `archived`), `latest` or id; the newest when omitted. */
  async getModelVersion(model: string, version?: string | number): Promise<ModelVersionModel> {
    return (await this.store()).getModelVersion(model, version);
  }

  async listModelVersions(filter?: ModelVersionFilter): Promise<Page<ModelVersionModel>> {
    return (await this.store()).listModelVersions(filter);
  }

  /** Renames, retags or moves a version to a stage (`force` archives the stage's current holder). */
  async updateModelVersion(model: string, version: string | number, update: Omit<ModelVersionUpdate, 'actor'>): Promise<ModelVersionModel> {
    const store = await this.store();
    const { currentActor } = await import('../models/actor.js');
    return store.updateModelVersion((await store.getModelVersion(model, version)).id, { ...update, actor: currentActor(this.env) });
  }

  /** Refuses a version in production unless `force`. */
  async deleteModelVersion(model: string, version: string | number, options?: { force?: boolean }): Promise<void> {
    const store = await this.store();
    return store.deleteModelVersion((await store.getModelVersion(model, version)).id, options);
  }

  async listModelVersionArtifacts(model: string, version: string | number, filter?: ModelVersionArtifactFilter): Promise<Page<ModelVersionArtifactModel>> {
    const store = await this.store();
    return store.listModelVersionArtifacts((await store.getModelVersion(model, version)).id, filter);
  }

  async listModelVersionRuns(model: string, version: string | number, request?: PageRequest): Promise<Page<RunModel>> {
    const store = await this.store();
    return store.listModelVersionRuns((await store.getModelVersion(model, version)).id, request);
  }

  /** Links an artifact version (id or object) to a model version; see linkArtifactToModel(). */
  async linkArtifactToModel(artifactVersion: string | { id: string }, model: { name: string; version?: string | number }, options?: { type?: ModelArtifactType }): Promise<ModelVersionModel> {
    const { linkArtifactToModel } = await import('../models/link.js');
    return linkArtifactToModel(artifactVersion, model, options);
  }

  async createTag(tag: { name: string; color?: string }): Promise<TagModel> {
    return (await this.store()).createTag(tag);
  }

  async getTag(nameOrId: string): Promise<TagModel> {
    return (await this.store()).getTag(nameOrId);
  }

  async listTags(filter?: TagFilter): Promise<Page<TagModel>> {
    return (await this.store()).listTags(filter);
  }

  async updateTag(nameOrId: string, update: { name?: string; color?: string }): Promise<TagModel> {
    return (await this.store()).updateTag(nameOrId, update);
  }

  async deleteTag(nameOrId: string): Promise<void> {
    return (await this.store()).deleteTag(nameOrId);
  }

  /** Adds and removes tags of a pipeline, run, artifact, artifact version, model or model version. */
  async updateTags(type: TaggableResourceType, target: TagTarget, change: { add?: string[]; remove?: string[] }): Promise<void> {
    const store = await this.store();
    const { resolveTagTarget } = await import('../models/tag-targets.js');
    await store.updateTags(type, await resolveTagTarget(store, type, target), change);
  }
}
