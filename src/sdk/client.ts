import { ArtifactVersion } from '../artifacts/artifact-version.js';
import type {
  ArtifactModel,
  ArtifactVersionModel,
  MetadataEntry,
  MetadataResourceType,
  ListFilter,
  Page,
  PageRequest,
  PipelineModel,
  RunModel,
  SecretBackendName,
  SecretModel,
  SnapshotModel,
  StackComponentModel,
  StackModel,
  StepRunModel,
  TaggableResourceType,
} from '../core/entities.js';
import type { PipelineRunResult } from '../execution/run-result.js';
import type { ResumeOptions } from '../execution/resume.js';
import type { StepEntrypointRequest } from '../execution/step-entrypoint.js';
import type { StepLogChunk } from '../execution/run-logs.js';
import type { RunOptions } from '../core/step-config.js';
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
  StageTransitionModel,
  TagFilter,
  TagModel,
} from '../core/model-entities.js';
import type { ArtifactVersionFilter, RunFilter } from '../store/zen-store.js';
import type { ComponentType } from '../stack/component-types.js';
import type { FlavorDescriptor } from '../stack/flavor.js';
import type { WorkerOptions } from '../stack/orchestrator.js';
import type { ComponentSelection, StackDescription } from '../stack/stack-service.js';
import type { StackExport } from '../stack/stack-export.js';
import type { SecretValidationMode } from '../secrets/resolve.js';
import type { TransferReport } from '../secrets/secrets-manager.js';
import type { StackSecretReference } from '../secrets/stack-references.js';
import type { RunTemplateFilter, RunTemplateModel } from '../core/run-template-entities.js';
import type { CreatePipelineSnapshotOptions, TriggerPipelineOptions } from './pipeline-snapshots.js';
import { getZenContext, resolveActiveProject, type ActiveProjectSource, type ActiveStackSource, type ZenContext } from '../context/zen-context.js';
import { NotFoundError } from '../core/errors.js';
import { lazyImport } from '../core/lazy-import.js';
import type { ApiKeyModel, ApiKeyUpdate, ApiKeyWithSecret, NewProject, NewUser, ProjectModel, ProjectUpdate, UserFilter, UserModel, UserUpdate } from '../core/identity-entities.js';

export type { PipelineRunResult, StepRunResult } from '../execution/run-result.js';
export type { StepLogChunk } from '../execution/run-logs.js';
import type { ScheduleConfig, ScheduleFilter, ScheduleModel } from '../core/schedule-entities.js';
import type { SchedulerOptions } from '../execution/schedules/scheduler.js';
import type { SchedulerDaemonStatus } from '../execution/schedules/daemon.js';

export type { ScheduleConfig, ScheduleFilter, ScheduleModel, SchedulerOptions, SchedulerDaemonStatus };
export type { ComponentType, FlavorDescriptor, ComponentSelection, StackDescription, StackExport, SecretValidationMode, TransferReport, StackSecretReference, TagTarget };
export { COMPONENT_TYPES, REQUIRED_COMPONENT_TYPES } from '../stack/component-types.js';

// Used on every read of runs or of an artifact's files (see lazy-import.ts).
const deadRunsModule = lazyImport(() => import('../execution/dead-runs.js'));
const artifactStoreFactory = lazyImport(() => import('../stack/artifact-store-factory.js'));

/** A secret with its values in plain text. */
export type SecretWithValues = SecretModel & { values: Record<string, string> };

/** What `activateStack` did: where the choice was written, and what still overrides it. */
export interface StackActivation {
  stack: StackModel;
  scope: 'repository' | 'global config';
  repositoryRoot?: string;
  /** Set when ZENML_ACTIVE_STACK names another stack and still wins in this shell. */
  overriddenBy?: string;
}

/** Changes to a stack component: config keys set (merged) or removed, and a new name. */
export interface StackComponentUpdate {
  config?: Record<string, unknown>;
  removeAttributes?: string[];
  name?: string;
  /** How `{{secret.key}}` references in `config` are checked (default `strict`). */
  secretValidation?: SecretValidationMode;
}

/** Changes to a stack: components replaced or added, optional components removed, a new name. */
export interface StackUpdate {
  components?: ComponentSelection;
  removeComponents?: ComponentType[];
  name?: string;
}

/**
 * Read and manage what ZenML stored: pipelines, runs, steps, artifacts, models, tags,
 * stacks, components, flavors and secrets. The CLI does everything through it.
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
    const { reapDeadRuns } = await deadRunsModule();
    await reapDeadRuns(store);
    return store;
  }

  private wrap = (model: ArtifactVersionModel) => new ArtifactVersion(model, async (componentId) => {
    const { artifactStoreById } = await artifactStoreFactory();
    return artifactStoreById(await this.context(), componentId);
  });

  /** Where this client's data lives: the config directory and the store URL. */
  async getStoreInfo(): Promise<{ configDir: string; url: string }> {
    const context = await this.context();
    return { configDir: context.configDir, url: context.store.url };
  }

  /**
   * Which store this client uses, as the VS Code extension's Server view shows it: the local
   * store (with this package's version), or a server with the user logged in and the server's version.
   */
  async getServerInfo(): Promise<{ url: string; local: boolean; version?: string; username?: string; serviceAccount?: boolean; authScheme?: string }> {
    const { url } = await this.getStoreInfo();
    if (!/^https?:\/\//i.test(url)) {
      const { zenmlVersion } = await import('../core/version.js');
      return { url, local: true, version: zenmlVersion() };
    }
    const { readServerCredentials } = await import('../config/credentials.js');
    const credentials = await readServerCredentials(url, this.env).catch(() => undefined);
    const info = await fetch(`${url.replace(/\/+$/, '')}/api/v1/info`, { signal: AbortSignal.timeout(5000) })
      .then(async (response) => (response.ok ? ((await response.json()) as { version?: string; authScheme?: string }) : {}))
      .catch(() => ({}) as { version?: string; authScheme?: string });
    return {
      url,
      local: false,
      ...(info.version ? { version: info.version } : {}),
      ...(info.authScheme ? { authScheme: info.authScheme } : {}),
      ...(credentials?.username ? { username: credentials.username } : {}),
      ...(credentials?.apiKey ? { serviceAccount: true } : {}),
    };
  }

  /** ZenML's `zenml login URL`: a session on the server, which this client (and the CLI) then use. */
  async login(url: string, credentials: { username: string; password: string } | { apiKey: string }) {
    const { login } = await import('./login.js');
    const result = await login(url, credentials, this.env);
    this.contextPromise = undefined;
    return result;
  }

  /** ZenML's `zenml logout`: ends the session and goes back to the local store. */
  async logout(url?: string) {
    const { logout } = await import('./login.js');
    const result = await logout(url, this.env);
    this.contextPromise = undefined;
    return result;
  }

  // Pipelines.

  async getPipeline(nameOrId: string): Promise<PipelineModel> {
    return (await this.store()).getPipeline(nameOrId);
  }

  async listPipelines(filter?: ListFilter & { tag?: string }): Promise<Page<PipelineModel>> {
    return (await this.store()).listPipelines(filter);
  }

  /** Deletes a pipeline with its runs. */
  async deletePipeline(nameOrId: string): Promise<void> {
    return (await this.store()).deletePipeline(nameOrId);
  }

  /** A compiled pipeline as it was stored for a run. */
  async getSnapshot(id: string): Promise<SnapshotModel> {
    return (await this.store()).getSnapshot(id);
  }

  // Runs and steps.

  /** A run (by name, id or unique id prefix) with its steps and their output artifact versions. */
  async getPipelineRun(nameOrId: string): Promise<PipelineRunResult> {
    const context = await this.context();
    const store = await this.runStore();
    const run = await store.getRun(nameOrId);
    const { runResult } = await import('../execution/launch-run.js');
    return runResult(context, run, await store.listStepRuns(run.id));
  }

  async listPipelineRuns(filter?: RunFilter): Promise<Page<RunModel>> {
    return (await this.runStore()).listRuns(filter);
  }

  async deletePipelineRun(nameOrId: string): Promise<void> {
    return (await this.store()).deleteRun(nameOrId);
  }

  async getRunStep(id: string): Promise<StepRunModel> {
    return (await this.runStore()).getStepRun(id);
  }

  /** The step runs of one run (by its id or name), in execution order, a page at a time. */
  async listRunSteps(filter: PageRequest & { pipelineRunId: string }): Promise<Page<StepRunModel>> {
    const store = await this.runStore();
    const all = await store.listStepRuns((await store.getRun(filter.pipelineRunId)).id);
    const page = filter.page ?? 1;
    const size = filter.size ?? Math.max(all.length, 1);
    const start = (page - 1) * size;
    return { items: all.slice(start, start + size), total: all.length, page, size };
  }

  /** The stored log (stdout and stderr) of one step run; a cached step run's is the original's. */
  async getStepRunLogs(stepRunId: string): Promise<string> {
    let text = '';
    for await (const chunk of this.streamStepRunLogs(stepRunId)) text += chunk.text;
    return text;
  }

  /** The stored logs of a run's step runs (or of `step`: invocation id, name or step run id), one entry per step run that printed. */
  async getPipelineRunLogs(runNameOrId: string, options: { step?: string } = {}): Promise<StepLogChunk[]> {
    const byStepRun = new Map<string, StepLogChunk>();
    for await (const chunk of this.streamPipelineRunLogs(runNameOrId, options)) {
      const entry = byStepRun.get(chunk.stepRunId);
      if (entry) entry.text += chunk.text;
      else byStepRun.set(chunk.stepRunId, { ...chunk });
    }
    return [...byStepRun.values()];
  }

  /** A step run's log chunk by chunk; with `follow`, new output as it is written, until the step ends. */
  async *streamStepRunLogs(stepRunId: string, options: { follow?: boolean; pollMs?: number } = {}): AsyncGenerator<StepLogChunk> {
    const stepRun = await (await this.runStore()).getStepRun(stepRunId);
    const { runLogChunks } = await import('../execution/run-logs.js');
    yield* runLogChunks(await this.context(), stepRun.runId, { ...options, stepRunId: stepRun.id });
  }

  /** A run's logs chunk by chunk, step runs in turn; with `follow`, until the run (or `step`) has ended. */
  async *streamPipelineRunLogs(runNameOrId: string, options: { step?: string; follow?: boolean; pollMs?: number } = {}): AsyncGenerator<StepLogChunk> {
    await this.runStore();
    const { runLogChunks } = await import('../execution/run-logs.js');
    yield* runLogChunks(await this.context(), runNameOrId, options);
  }

  /** Metadata logged on a run, step run, artifact version or model version (key → entry). */
  async getRunMetadata(resourceType: MetadataResourceType, resourceId: string): Promise<Record<string, MetadataEntry>> {
    return (await this.store()).getMetadata(resourceType, resourceId);
  }

  /**
   * Imports a pipeline file, compiles it with these options and runs it: what `zenml pipeline run FILE` does.
   * With a schedule (the option, the run config's `schedule:` or the pipeline's own) it creates
   * the schedule instead and resolves with status `scheduled` and the `schedule`.
   */
  async runPipelineFile(file: string, options: RunOptions & { pipeline?: string } = {}): Promise<PipelineRunResult> {
    if (options.schedule) await (await import('../execution/schedules/cron.js')).scheduleTiming(options.schedule);
    const { PipelineSource, importsAsEsModule } = await import('../execution/pipeline-source.js');
    // Independent start-up work overlaps: the store opens (and the flavor plugins load) while
    // the modules that run the pipeline load; their failures surface where they are awaited.
    // Not for a CommonJS file: its require() of our ES modules must not meet one still loading.
    const overlap = importsAsEsModule(file);
    const context = overlap ? this.context() : undefined;
    const flavors = overlap ? import('../stack/flavor-registry.js').then(({ loadFlavorRegistry }) => loadFlavorRegistry()) : undefined;
    const [{ launchRun }] = await Promise.all([
      import('../execution/launch-run.js'),
      // What compiling the pipeline and the file's `import 'zenml'` will need.
      import('./compile.js'),
      import('./pipeline.js'),
      import('./step.js'),
    ]);
    // A TypeScript file's compiled module turns source maps on as it is imported; from then on
    // each module loaded reads its own source map from disk, synchronously. So the store's and
    // the plugins' modules are loaded first (settled, not awaited: a failure of theirs still
    // surfaces after the file's own).
    await Promise.all([context, flavors].map((pending) => pending?.catch(() => undefined)));
    const { pipeline, ...runOptions } = options;
    const source = await PipelineSource.load(file, { exportName: pipeline });
    const compiled = await source.compile(runOptions);
    if (compiled.options.schedule) {
      const { storeSchedule, scheduledResult } = await import('../execution/schedules/create-schedule.js');
      return scheduledResult(await storeSchedule(await (context ?? this.context()), compiled, { file: source.file, exportName: source.exportName }, compiled.options.schedule));
    }
    return launchRun(compiled, await (context ?? this.context()));
  }

  /**
   * Builds (and pushes, with a container registry in the stack) the images a run of the
   * pipeline in `file` would use, without running it: what `zenml pipeline build FILE` does.
   */
  async buildPipelineFile(file: string, options: Pick<RunOptions, 'configPath' | 'stack' | 'settings'> & { pipeline?: string } = {}): Promise<Awaited<ReturnType<typeof import('../execution/build-pipeline.js').buildPipeline>>> {
    const [{ PipelineSource }, { buildPipeline }] = await Promise.all([import('../execution/pipeline-source.js'), import('../execution/build-pipeline.js')]);
    const { pipeline, ...compileOptions } = options;
    const source = await PipelineSource.load(file, { exportName: pipeline });
    return buildPipeline(await source.compile(compileOptions), await this.context());
  }

  /**
   * Re-runs a failed or stopped run from its failed steps as a new run linked to it
   * (`originalRunId`), reusing the outputs of the steps that completed. Needs `force` when
   * the pipeline's source file changed since the run.
   */
  async resumePipelineRun(nameOrId: string, options: ResumeOptions = {}): Promise<PipelineRunResult> {
    const { resumeRun } = await import('../execution/resume.js');
    return resumeRun(await this.context(), nameOrId, options);
  }

  /** Asks a running run (in this or another process) to stop; resolves with the run after waiting up to `waitMs`. */
  async stopPipelineRun(nameOrId: string, options: { graceful?: boolean; waitMs?: number } = {}): Promise<RunModel> {
    const { stopRun } = await import('../execution/stop-run.js');
    return stopRun(await this.store(), nameOrId, options);
  }

  /** Runs one step of a stored run in this process: what `zenml step-entrypoint` (every out-of-process orchestrator) does. */
  async runStepEntrypoint(request: StepEntrypointRequest): Promise<Awaited<ReturnType<typeof import('../execution/step-entrypoint.js').runSnapshotStep>>> {
    const { runSnapshotStep } = await import('../execution/step-entrypoint.js');
    return runSnapshotStep(await this.context(), request);
  }

  // Schedules.

  /**
   * Schedules the pipeline a file exports (ZenML's `Schedule`): each firing runs it with these
   * run options. The cron expression, time zone and dates are checked before the file is imported.
   */
  async createSchedule(file: string, schedule: ScheduleConfig, options: RunOptions & { pipeline?: string } = {}): Promise<ScheduleModel> {
    const result = await this.runPipelineFile(file, { ...options, schedule });
    return result.schedule!;
  }

  /** Keeps a pipeline file's compiled pipeline and code archive under a name (ZenML's pipeline snapshot). */
  async createPipelineSnapshot(options: CreatePipelineSnapshotOptions): Promise<RunTemplateModel> {
    const { createPipelineSnapshot } = await import('./pipeline-snapshots.js');
    return createPipelineSnapshot(await this.context(), options);
  }

  /** A pipeline snapshot by name, id or unique id prefix. */
  async getPipelineSnapshot(nameOrId: string): Promise<RunTemplateModel> {
    return (await this.store()).getRunTemplate(nameOrId);
  }

  async listPipelineSnapshots(filter?: RunTemplateFilter): Promise<Page<RunTemplateModel>> {
    return (await this.store()).listRunTemplates(filter);
  }

  /** Deletes a pipeline snapshot and, when no other one shares it, its code archive. */
  async deletePipelineSnapshot(nameOrId: string): Promise<void> {
    const { deletePipelineSnapshot } = await import('../execution/run-templates.js');
    await deletePipelineSnapshot(await this.context(), nameOrId);
  }

  /** Runs a pipeline snapshot (ZenML's `trigger_pipeline(snapshot_name_or_id=...)`); resolves when the run ends. */
  async triggerPipeline(options: TriggerPipelineOptions): Promise<PipelineRunResult> {
    const { triggerPipeline } = await import('./pipeline-snapshots.js');
    return triggerPipeline(await this.context(), options);
  }

  /** A schedule by name, id or unique id prefix. */
  async getSchedule(nameOrId: string): Promise<ScheduleModel> {
    return (await this.store()).getSchedule(nameOrId);
  }

  async listSchedules(filter?: ScheduleFilter): Promise<Page<ScheduleModel>> {
    return (await this.store()).listSchedules(filter);
  }

  /** Pauses a schedule (ZenML's deactivate): no scheduler fires it until it is resumed. */
  async pauseSchedule(nameOrId: string): Promise<ScheduleModel> {
    const { changeSchedule } = await import('../execution/schedules/schedule-state.js');
    return changeSchedule(await this.context(), nameOrId, 'pause');
  }

  /** Resumes a paused schedule; without catchup it picks up at its next firing from now. */
  async resumeSchedule(nameOrId: string): Promise<ScheduleModel> {
    const { changeSchedule } = await import('../execution/schedules/schedule-state.js');
    return changeSchedule(await this.context(), nameOrId, 'resume');
  }

  /** Deletes a schedule; the runs it fired stay. */
  async deleteSchedule(nameOrId: string): Promise<void> {
    const { changeSchedule } = await import('../execution/schedules/schedule-state.js');
    await changeSchedule(await this.context(), nameOrId, 'delete');
  }

  /** Runs one firing of a schedule in this process, linked to it (what `zenml schedule-entrypoint` does; the firing is not claimed). */
  async fireSchedule(nameOrId: string, options: { scheduledFor?: string; onProgress?: RunOptions['onProgress'] } = {}): Promise<PipelineRunResult> {
    const { fireSchedule } = await import('../execution/schedules/fire-schedule.js');
    return fireSchedule(await this.context(), await this.getSchedule(nameOrId), options);
  }

  /** Runs the local scheduler in this process until SIGINT/SIGTERM (`zenml scheduler start`). */
  async runScheduler(options: SchedulerOptions = {}): Promise<void> {
    const { runScheduler } = await import('../execution/schedules/run-scheduler.js');
    return runScheduler(await this.context(), options);
  }

  /** Starts the scheduler as a detached daemon (pid and log files under the config directory). */
  async startSchedulerDaemon(args: string[] = []): Promise<SchedulerDaemonStatus> {
    const { startDaemon } = await import('../execution/schedules/daemon.js');
    return startDaemon(args, this.env);
  }

  async stopSchedulerDaemon(): Promise<SchedulerDaemonStatus & { stopped: boolean }> {
    const { stopDaemon } = await import('../execution/schedules/daemon.js');
    return stopDaemon(this.env);
  }

  async getSchedulerStatus(): Promise<SchedulerDaemonStatus> {
    const { daemonStatus } = await import('../execution/schedules/daemon.js');
    return daemonStatus(this.env);
  }

  /**
   * Runs a worker for the orchestrator of a stack (the active one by default) in this
   * process until `signal` aborts: what `zenml worker start` does. Only orchestrators whose
   * steps run on workers (bullmq) have one.
   */
  async startWorker(options: WorkerOptions & { stack?: string } = {}): Promise<void> {
    const context = await this.context();
    const [{ loadValidatedStack }, { activeStack }, { UsageError }] = await Promise.all([
      import('../stack/stack-validation.js'),
      import('../stack/stack-service.js'),
      import('../core/errors.js'),
    ]);
    const name = options.stack ?? (await activeStack(context, this.env)).stack.name;
    const stack = await loadValidatedStack(context, name);
    const orchestrator = await stack.orchestrator();
    if (!orchestrator.startWorker) {
      const component = stack.components.orchestrator;
      throw new UsageError(
        `Stack '${stack.model.name}' has orchestrator '${component.name}' (flavor ${component.flavor}), which runs steps itself: there is nothing for a worker to do.`,
        'Start the worker for a stack whose orchestrator has workers: zenml worker start --stack NAME (flavor bullmq).',
      );
    }
    await orchestrator.startWorker(options);
  }

  // Artifacts.

  async getArtifact(nameOrId: string): Promise<ArtifactModel> {
    return (await this.store()).getArtifact(nameOrId);
  }

  async listArtifacts(filter?: ListFilter & { tag?: string }): Promise<Page<ArtifactModel>> {
    return (await this.store()).listArtifacts(filter);
  }

  /** A version by artifact name (latest, or the given version number) or by version id. */
  async getArtifactVersion<T = any>(nameOrId: string, version?: number | string): Promise<ArtifactVersion<T>> {
    return this.wrap(await (await this.store()).getArtifactVersion(nameOrId, version));
  }

  async listArtifactVersions(filter?: ArtifactVersionFilter): Promise<Page<ArtifactVersion>> {
    const page = await (await this.store()).listArtifactVersions(filter);
    return { ...page, items: page.items.map(this.wrap) };
  }

  /**
   * Deletes artifact versions no run, model version or tag needs (`zenml artifact prune`), and
   * artifacts left without versions. With `dryRun` only says what would go. Files zenml does
   * not own (registerArtifact) are never deleted.
   */
  async pruneArtifacts(options: import('./artifact-lifecycle.js').PruneOptions = {}): Promise<import('./artifact-lifecycle.js').PruneReport> {
    const { pruneUnusedArtifacts } = await import('./artifact-lifecycle.js');
    return pruneUnusedArtifacts(await this.context(), options);
  }

  /** Deletes one version and its files; refused while a run, model version or tag uses it. */
  async deleteArtifactVersion(nameOrId: string, version?: number | string): Promise<import('./artifact-lifecycle.js').PrunedVersion> {
    const { deleteArtifactVersionAndFiles } = await import('./artifact-lifecycle.js');
    const context = await this.context();
    return deleteArtifactVersionAndFiles(context, await context.store.getArtifactVersion(nameOrId, version));
  }

  /** The text of a file in an artifact version's directory (e.g. a visualization), read through its artifact store. */
  async readArtifactVersionFile(version: ArtifactVersionModel, file: string): Promise<Buffer> {
    const { artifactStoreById } = await import('../stack/artifact-store-factory.js');
    const store = await artifactStoreById(await this.context(), version.artifactStoreId);
    const dir = store.pathOf(version.uri);
    if (dir === undefined) throw new Error(`${version.uri} is not in artifact store ${store.root}`);
    return store.readFile(`${dir}/${file}`);
  }

  // Secrets.

  /** A secret with its values in plain text: explicit on purpose, never printed by zenml. `{ values: false }` reads only its metadata. */
  async getSecret(nameOrId: string): Promise<SecretWithValues>;
  async getSecret(nameOrId: string, options: { values: false }): Promise<SecretModel>;
  async getSecret(nameOrId: string, options: { values?: boolean } = {}): Promise<SecretModel | SecretWithValues> {
    const manager = await this.secrets();
    if (options.values === false) return manager.get(nameOrId);
    const { secret, values } = await manager.getValues(nameOrId);
    return { ...secret, values };
  }

  async createSecret(name: string, values: Record<string, string>, options: { private?: boolean } = {}): Promise<SecretModel> {
    return (await this.secrets()).create(name, values, options);
  }

  /** Adds or changes keys (`values`), removes keys, renames, or changes `private`. */
  async updateSecret(nameOrId: string, update: { values?: Record<string, string>; removeKeys?: string[]; private?: boolean; name?: string }): Promise<SecretModel> {
    const manager = await this.secrets();
    let secret: SecretModel | undefined;
    if (update.values || update.removeKeys || update.private !== undefined) secret = await manager.update(nameOrId, update);
    if (update.name !== undefined && update.name !== secret?.name) secret = await manager.rename(secret?.id ?? nameOrId, update.name);
    return secret ?? manager.get(nameOrId);
  }

  /** Names and keys only, never values. */
  async listSecrets(filter?: ListFilter): Promise<Page<SecretModel>> {
    return (await this.secrets()).list(filter);
  }

  /** Deletes the secret and every copy of its values. */
  async deleteSecret(nameOrId: string): Promise<void> {
    await (await this.secrets()).delete(nameOrId);
  }

  /** Writes a secret's values to a new file readable by its owner only (JSON for `.json`, else YAML). */
  async exportSecret(nameOrId: string, file: string, options: { overwrite?: boolean } = {}): Promise<{ secret: SecretModel; file: string }> {
    const { secret, values } = await (await this.secrets()).getValues(nameOrId);
    const { writeSecretFile } = await import('../secrets/export-file.js');
    return { secret, file: await writeSecretFile(file, values, options.overwrite ?? false) };
  }

  /** The backend new secrets go to, and how many secrets each backend holds. */
  async describeSecretsBackend(): Promise<{ backend: SecretBackendName; secrets: Record<SecretBackendName, number> }> {
    const { describeSecretsBackend } = await import('../secrets/backend-config.js');
    return describeSecretsBackend(await this.context());
  }

  /** Switches the backend for new secrets after checking it can be used. */
  async setSecretsBackend(backend: string): Promise<{ backend: SecretBackendName; previous: SecretBackendName; elsewhere: number }> {
    const { setSecretsBackend } = await import('../secrets/backend-config.js');
    return setSecretsBackend(await this.context(), backend);
  }

  /** Copies every secret's values into `to` (default: the backend that is not active). */
  async backupSecrets(to?: SecretBackendName): Promise<TransferReport> {
    return (await this.secrets()).backup(to);
  }

  /** Copies every secret's values back from `from` (default: the backend that is not active). */
  async restoreSecrets(from?: SecretBackendName): Promise<TransferReport> {
    return (await this.secrets()).restore(from);
  }

  private async secrets() {
    const { secretsManager } = await import('../secrets/secrets-manager.js');
    return secretsManager(await this.context());
  }

  // Stacks.

  async getStack(nameOrId: string): Promise<StackModel> {
    return (await this.store()).getStack(nameOrId);
  }

  /** A stack with its components' names, flavors and configs, and whether it is active. */
  async describeStack(nameOrId: string): Promise<StackDescription> {
    const { describeStack } = await import('../stack/stack-service.js');
    return describeStack(await this.context(), nameOrId);
  }

  /** Stacks a page at a time; `componentId` keeps the stacks that contain that component. */
  async listStacks(filter: ListFilter & { componentId?: string } = {}): Promise<Page<StackModel>> {
    const store = await this.store();
    const { componentId, ...request } = filter;
    if (componentId === undefined) return store.listStacks(request);
    const all: StackModel[] = [];
    for (let page = 1; ; page++) {
      const result = await store.listStacks({ page, size: 1000 });
      all.push(...result.items.filter((stack) => Object.values(stack.components).includes(componentId)));
      if (page * result.size >= result.total) break;
    }
    const page = request.page ?? 1;
    const size = request.size ?? Math.max(all.length, 1);
    return { items: all.slice((page - 1) * size, page * size), total: all.length, page, size };
  }

  /** The active stack and the setting that chose it (environment, repository, global config or default). */
  async getActiveStack(): Promise<StackModel & { source: ActiveStackSource; repositoryRoot?: string }> {
    const { activeStack } = await import('../stack/stack-service.js');
    const { stack, source, repositoryRoot } = await activeStack(await this.context(), this.env);
    return { ...stack, source, ...(repositoryRoot === undefined ? {} : { repositoryRoot }) };
  }

  /** Validates a stack and makes it active: in the repository (`.zen/`) when inside one, else in the global config. */
  async activateStack(nameOrId: string): Promise<StackActivation> {
    const { setActiveStack } = await import('../stack/stack-service.js');
    return setActiveStack(await this.context(), nameOrId);
  }

  /** Registers a stack from component names or ids; an orchestrator and an artifact store are required. */
  async createStack(name: string, components: ComponentSelection): Promise<StackModel> {
    const { registerStack } = await import('../stack/stack-service.js');
    return registerStack(await this.context(), name, components);
  }

  /** Replaces or adds components, removes optional ones, or renames; the `default` stack is never changed. */
  async updateStack(nameOrId: string, update: StackUpdate): Promise<StackModel> {
    const service = await import('../stack/stack-service.js');
    const context = await this.context();
    let stack: StackModel | undefined;
    if (update.components) stack = await service.updateStack(context, nameOrId, update.components);
    if (update.removeComponents) stack = await service.removeStackComponents(context, stack?.id ?? nameOrId, update.removeComponents);
    if (update.name !== undefined) stack = await service.renameStack(context, stack?.id ?? nameOrId, update.name);
    return stack ?? (await this.getStack(nameOrId));
  }

  /** A new stack with the same components. */
  async copyStack(nameOrId: string, newName: string): Promise<StackModel> {
    const { copyStack } = await import('../stack/stack-service.js');
    return copyStack(await this.context(), nameOrId, newName);
  }

  /** Fails, saying why, when the stack cannot be deleted (`default`, or active); returns it otherwise. */
  async checkStackDeletable(nameOrId: string): Promise<StackModel> {
    const { assertStackDeletable } = await import('../stack/stack-service.js');
    const context = await this.context();
    const stack = await context.store.getStack(nameOrId);
    await assertStackDeletable(context, stack);
    return stack;
  }

  /** Deletes a stack that is neither `default` nor active; its components stay. */
  async deleteStack(nameOrId: string): Promise<void> {
    const { deleteStack } = await import('../stack/stack-service.js');
    await deleteStack(await this.context(), nameOrId);
  }

  /** Writes a stack and its components' configs to a YAML file (secret references stay references). */
  async exportStack(nameOrId: string, file: string, zenmlVersion?: string): Promise<StackExport> {
    const { exportStack } = await import('../stack/stack-export.js');
    return exportStack(await this.context(), nameOrId, file, zenmlVersion);
  }

  /** Registers a stack from an export file, reusing identical components and creating the others. */
  async importStack(name: string, file: string): Promise<{ stack: StackModel; created: StackComponentModel[]; reused: StackComponentModel[] }> {
    const { importStack } = await import('../stack/stack-export.js');
    return importStack(await this.context(), name, file);
  }

  /** Every `{{secret.key}}` in a stack's component configs, with whether it resolves (no values read). */
  async getStackSecretReferences(nameOrId: string): Promise<{ stack: StackModel; references: StackSecretReference[] }> {
    const { stackSecretReferences } = await import('../secrets/stack-references.js');
    return stackSecretReferences(await this.context(), nameOrId);
  }

  // Stack components and flavors.

  async getStackComponent(type: ComponentType, nameOrId: string): Promise<StackComponentModel> {
    return (await this.store()).getStackComponent(type, nameOrId);
  }

  async listStackComponents(type?: ComponentType, filter: ListFilter = {}): Promise<Page<StackComponentModel>> {
    return (await this.store()).listStackComponents({ ...filter, type });
  }

  /** Registers a component after checking its flavor exists and its config fits the flavor's schema. */
  async createStackComponent(
    component: { type: ComponentType; name: string; flavor: string; config?: Record<string, unknown> },
    options: { secretValidation?: SecretValidationMode } = {},
  ): Promise<StackComponentModel> {
    const { registerComponent } = await import('../stack/component-service.js');
    return registerComponent(await this.context(), component, options.secretValidation);
  }

  /** Removes config keys, sets (merges) others, then renames; the result is validated against the flavor. */
  async updateStackComponent(type: ComponentType, nameOrId: string, update: StackComponentUpdate): Promise<StackComponentModel> {
    const service = await import('../stack/component-service.js');
    const context = await this.context();
    let component: StackComponentModel | undefined;
    if (update.removeAttributes) component = await service.removeComponentAttributes(context, type, nameOrId, update.removeAttributes);
    if (update.config) component = await service.updateComponent(context, type, component?.id ?? nameOrId, update.config, update.secretValidation);
    if (update.name !== undefined) component = await service.renameComponent(context, type, component?.id ?? nameOrId, update.name);
    return component ?? (await this.getStackComponent(type, nameOrId));
  }

  /** A new component with the same flavor and config. */
  async copyStackComponent(type: ComponentType, nameOrId: string, newName: string): Promise<StackComponentModel> {
    const { copyComponent } = await import('../stack/component-service.js');
    return copyComponent(await this.context(), type, nameOrId, newName);
  }

  /** Fails, naming the stacks that use it, when the component cannot be deleted; returns it otherwise. */
  async checkStackComponentDeletable(type: ComponentType, nameOrId: string): Promise<StackComponentModel> {
    const { assertComponentDeletable } = await import('../stack/component-service.js');
    const context = await this.context();
    const component = await context.store.getStackComponent(type, nameOrId);
    await assertComponentDeletable(context, component);
    return component;
  }

  /** Deletes a component that no stack uses. */
  async deleteStackComponent(type: ComponentType, nameOrId: string): Promise<void> {
    const { deleteComponent } = await import('../stack/component-service.js');
    await deleteComponent(await this.context(), type, nameOrId);
  }

  /** A flavor of a component type, from the installed flavor plugins. */
  async getFlavor(type: ComponentType, name: string): Promise<FlavorDescriptor> {
    const { loadFlavorRegistry } = await import('../stack/flavor-registry.js');
    return (await loadFlavorRegistry()).get(type, name);
  }

  /** The flavors of one component type (or all), sorted by type and name. */
  async listFlavors(type?: ComponentType): Promise<FlavorDescriptor[]> {
    const { loadFlavorRegistry } = await import('../stack/flavor-registry.js');
    return (await loadFlavorRegistry()).list(type);
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

  /** Every stage change of a version, oldest first. */
  async listModelVersionStageTransitions(model: string, version: string | number): Promise<StageTransitionModel[]> {
    const store = await this.store();
    return store.listStageTransitions((await store.getModelVersion(model, version)).id);
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

  /** Removes the tag from everything it is on, then deletes it. */
  async deleteTag(nameOrId: string): Promise<void> {
    return (await this.store()).deleteTag(nameOrId);
  }

  /**
   * Adds and removes tags of a pipeline, run, artifact, artifact version, model or model
   * version in one transaction (an unknown target fails before any change); returns its id.
   */
  async updateTags(type: TaggableResourceType, target: TagTarget, change: { add?: string[]; remove?: string[] }): Promise<string> {
    const store = await this.store();
    const { resolveTagTarget } = await import('../models/tag-targets.js');
    const id = await resolveTagTarget(store, type, target);
    await store.updateTags(type, id, change);
    return id;
  }

  // Users. Service accounts are users too, listed and managed apart (ZenML's split).

  async createUser(user: Omit<NewUser, 'isServiceAccount'>): Promise<UserModel> {
    return (await this.store()).createUser({ ...user, isServiceAccount: false });
  }

  async getUser(nameOrId: string): Promise<UserModel> {
    return this.ofKind(await (await this.store()).getUser(nameOrId), false, nameOrId);
  }

  async listUsers(filter: Omit<UserFilter, 'isServiceAccount'> = {}): Promise<Page<UserModel>> {
    return (await this.store()).listUsers({ ...filter, isServiceAccount: false });
  }

  async updateUser(nameOrId: string, update: UserUpdate): Promise<UserModel> {
    const user = await this.getUser(nameOrId);
    return (await this.store()).updateUser(user.id, update);
  }

  async deactivateUser(nameOrId: string): Promise<UserModel> {
    return this.updateUser(nameOrId, { active: false });
  }

  async deleteUser(nameOrId: string): Promise<void> {
    const user = await this.getUser(nameOrId);
    return (await this.store()).deleteUser(user.id);
  }

  async createServiceAccount(account: { name: string; description?: string }): Promise<UserModel> {
    return (await this.store()).createUser({ ...account, isServiceAccount: true });
  }

  async getServiceAccount(nameOrId: string): Promise<UserModel> {
    return this.ofKind(await (await this.store()).getUser(nameOrId), true, nameOrId);
  }

  async listServiceAccounts(filter: Omit<UserFilter, 'isServiceAccount'> = {}): Promise<Page<UserModel>> {
    return (await this.store()).listUsers({ ...filter, isServiceAccount: true });
  }

  async updateServiceAccount(nameOrId: string, update: Pick<UserUpdate, 'name' | 'description' | 'active'>): Promise<UserModel> {
    const account = await this.getServiceAccount(nameOrId);
    return (await this.store()).updateUser(account.id, update);
  }

  async deactivateServiceAccount(nameOrId: string): Promise<UserModel> {
    return this.updateServiceAccount(nameOrId, { active: false });
  }

  async deleteServiceAccount(nameOrId: string): Promise<void> {
    const account = await this.getServiceAccount(nameOrId);
    return (await this.store()).deleteUser(account.id);
  }

  /** A person looked up as a service account (or the reverse) is not found, as in ZenML. */
  private ofKind(user: UserModel, serviceAccount: boolean, nameOrId: string): UserModel {
    if (user.isServiceAccount === serviceAccount) return user;
    const kind = serviceAccount ? 'service account' : 'user';
    throw new NotFoundError(`No ${kind} named or with id '${nameOrId}'.`, `See \`zenml ${serviceAccount ? 'service-account' : 'user'} list\`.`);
  }

  // API keys of service accounts: the key is readable once, when created or rotated.

  async createApiKey(serviceAccount: string, request: { name: string; description?: string }): Promise<ApiKeyWithSecret> {
    return (await this.store()).createApiKey(serviceAccount, request);
  }

  async getApiKey(serviceAccount: string, nameOrId: string): Promise<ApiKeyModel> {
    return (await this.store()).getApiKey(serviceAccount, nameOrId);
  }

  async listApiKeys(serviceAccount: string, filter?: ListFilter & { active?: boolean }): Promise<Page<ApiKeyModel>> {
    return (await this.store()).listApiKeys(serviceAccount, filter);
  }

  async updateApiKey(serviceAccount: string, nameOrId: string, update: ApiKeyUpdate): Promise<ApiKeyModel> {
    return (await this.store()).updateApiKey(serviceAccount, nameOrId, update);
  }

  /** A new key; the old one keeps working for `retainPeriodMinutes` (ZenML's retain_period_minutes). */
  async rotateApiKey(serviceAccount: string, nameOrId: string, options: { retainPeriodMinutes?: number } = {}): Promise<ApiKeyWithSecret> {
    return (await this.store()).rotateApiKey(serviceAccount, nameOrId, { retainMinutes: options.retainPeriodMinutes });
  }

  async deactivateApiKey(serviceAccount: string, nameOrId: string): Promise<ApiKeyModel> {
    return this.updateApiKey(serviceAccount, nameOrId, { active: false });
  }

  async deleteApiKey(serviceAccount: string, nameOrId: string): Promise<void> {
    return (await this.store()).deleteApiKey(serviceAccount, nameOrId);
  }

  // Projects.

  async createProject(project: NewProject): Promise<ProjectModel> {
    return (await this.store()).createProject(project);
  }

  async getProject(nameOrId: string): Promise<ProjectModel> {
    return (await this.store()).getProject(nameOrId);
  }

  async listProjects(filter?: ListFilter): Promise<Page<ProjectModel>> {
    return (await this.store()).listProjects(filter);
  }

  async updateProject(nameOrId: string, update: ProjectUpdate): Promise<ProjectModel> {
    return (await this.store()).updateProject(nameOrId, update);
  }

  /** Refuses `default`, the active project and a project that still holds anything. */
  async deleteProject(nameOrId: string): Promise<void> {
    const project = await this.getProject(nameOrId);
    const active = await this.getActiveProject().catch(() => undefined);
    if (active?.id === project.id) {
      const { UsageError } = await import('../core/errors.js');
      throw new UsageError(`Project '${project.name}' is the active project.`, 'Switch first: `zenml project set default`.');
    }
    return (await this.store()).deleteProject(project.id);
  }

  /** The project this client works in, and which setting chose it (ZENML_ACTIVE_PROJECT_ID, global config, or `default`). */
  async getActiveProject(): Promise<ProjectModel & { source: ActiveProjectSource }> {
    const context = await this.context();
    const active = resolveActiveProject(context.config, this.env);
    return { ...(await context.store.getProject(active.name)), source: active.source };
  }

  /** Makes a project the active one in the global config (by name) and switches this client to it. */
  async setActiveProject(nameOrId: string): Promise<ProjectModel> {
    const context = await this.context();
    const project = await context.store.getProject(nameOrId);
    await context.config.update((data) => {
      data.activeProject = project.name;
    });
    context.store = context.store.withScope({ project: project.id, userId: context.config.data.userId });
    const { ensureDefaultStack } = await import('../store/open-store.js');
    await ensureDefaultStack(context.store);
    return project;
  }
}
