import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { outcomeAfterRunner, runDag, stepEntrypointArgs, stepParallelism, stepProcessEnv, type ContainerRegistry, type ImageBuilder, type Orchestrator, type PipelineBuildRequest, type PipelineBuildResult, type RunJob, type StepOutcome, type StepSpec } from 'zenml/plugin';
import { docker } from './docker-cli.js';
import { buildResult, ensurePipelineImages, type StepImage } from './pipeline-images.js';
import { resourceFlags } from './settings.js';

export interface LocalDockerConfig {
  parentImage?: string;
  installDependencies?: 'npm-ci' | 'copy';
  /** Extra bind mounts, `HOST[:CONTAINER[:ro]]` (ZenML's run_args volumes). */
  volumes?: string[];
  maxParallelism?: number;
  stepTimeoutSeconds?: number;
  /** Keep each step's container after it ends (for `docker inspect` / `docker logs`); default false. */
  keepContainers?: boolean;
}

type ComponentLookup = (type: 'image_builder' | 'container_registry') => Promise<unknown | undefined>;

/**
 * Orchestrator `local_docker`: every step runs as `zenml step-entrypoint` in a container of
 * the pipeline's image, as ZenML's local Docker orchestrator does, the path every remote
 * orchestrator takes. A local store and a local artifact store are mounted at the same paths;
 * against a server, the container gets its URL and a run-scoped workload token (host network).
 */
export class LocalDockerOrchestrator implements Orchestrator {
  constructor(
    private readonly config: LocalDockerConfig,
    private readonly configDir: string,
  ) {}

  async build(request: PipelineBuildRequest): Promise<PipelineBuildResult> {
    return buildResult((await this.images(request.spec, request.stackComponent)).images);
  }

  async run(job: RunJob): Promise<void> {
    const { byStep } = await this.images(job.spec, job.stackComponent ?? (async () => undefined));
    const mounts = this.mounts(job);
    await runDag(job, (step) => this.runStep(job, step, byStep.get(step.id)!, mounts), stepParallelism(job, this.config.maxParallelism));
  }

  private async images(spec: RunJob['spec'], lookup: ComponentLookup) {
    const [imageBuilder, containerRegistry] = await Promise.all([lookup('image_builder'), lookup('container_registry')]);
    return ensurePipelineImages(spec, { imageBuilder: imageBuilder as ImageBuilder | undefined, containerRegistry: containerRegistry as ContainerRegistry | undefined, defaults: { parentImage: this.config.parentImage, installDependencies: this.config.installDependencies } });
  }

  /** Folders mounted at the same path: the config dir (store config, secrets key), a SQLite store's folder, a local artifact store. */
  private mounts(job: RunJob): string[] {
    const folders = new Set<string>([this.configDir]);
    const url = job.store.url;
    if (url.startsWith('sqlite:')) folders.add(dirname(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')));
    if (job.artifactStore.localPath) folders.add(job.artifactStore.root);
    const extra = (this.config.volumes ?? []).map((volume) => (volume.includes(':') ? volume : `${volume}:${volume}`));
    return [...[...folders].map((folder) => `${folder}:${folder}`), ...extra].flatMap((volume) => ['--volume', volume]);
  }

  private async runStep(job: RunJob, step: StepSpec, image: StepImage, mounts: string[]): Promise<StepOutcome> {
    const started = Date.now();
    job.reportStep?.(step, 'running');
    const outcome = await this.runContainer(job, step, image, mounts);
    job.reportStep?.(step, outcome.status, { durationMs: Date.now() - started, error: outcome.error });
    return outcome;
  }

  private async runContainer(job: RunJob, step: StepSpec, image: StepImage, mounts: string[]): Promise<StepOutcome> {
    const name = `zenml-${job.run.id.slice(0, 8)}-${step.id.replace(/[^a-zA-Z0-9_.-]/g, '-')}-${randomBytes(3).toString('hex')}`;
    const env = { ...forwardedEnv(), ...(await stepProcessEnv(job, { keychainUnreachable: true })), ZENML_CONFIG_DIR: this.configDir, HOME: '/tmp', ZENML_STEP_ENTRYPOINT: '1' };
    const envFlags = Object.entries(env).flatMap(([key, value]) => (value === undefined ? [] : ['--env', key]));
    const user = typeof process.getuid === 'function' ? ['--user', `${process.getuid()}:${process.getgid!()}`] : [];
    const args = [
      'run',
      '--name', name,
      '--network', 'host',
      // The engine removes an ended container itself (no second CLI call per step), unless kept for inspection.
      ...(this.config.keepContainers ? [] : ['--rm']),
      '--label', `zenml.run=${job.run.id}`,
      '--label', `zenml.step=${step.id}`,
      ...user,
      ...mounts,
      ...resourceFlags(step),
      ...envFlags,
      image.image,
      ...image.cli,
      ...stepEntrypointArgs({ snapshotId: job.snapshotId, stepId: step.id, runId: job.run.id }),
    ];
    // Ending the docker CLI would leave the container running: a stop or a timeout removes the container.
    let timedOut = false;
    const kill = () => void docker(['rm', '--force', name]);
    const onAbort = () => kill();
    job.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = this.config.stepTimeoutSeconds
      ? setTimeout(() => {
          timedOut = true;
          kill();
        }, this.config.stepTimeoutSeconds * 1000)
      : undefined;
    // Values travel in the CLI's environment (`--env KEY`), never on its command line. The
    // container captures the step's output itself (its step logs); a copy here only grew.
    const result = await docker(args, { env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>, stdin: 'ignore', stdout: 'ignore' }).finally(() => {
      clearTimeout(timer);
      job.signal?.removeEventListener('abort', onAbort);
    });
    return outcomeAfterRunner(job.store, job.run.id, step, () => {
      const reason = timedOut ? `timed out after ${this.config.stepTimeoutSeconds} s` : `its container exited with code ${result.exitCode}`;
      const detail = result.stderr.trim().split('\n').filter(Boolean).at(-1);
      return `Step '${step.id}' ${reason}${detail ? `: ${detail}` : ''}`;
    });
  }
}

/** The caller's zenml settings (store URL, project, debug) reach the step as they reach a local_process child. */
function forwardedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter(([key, value]) => key.startsWith('ZENML_') && value !== undefined && key !== 'ZENML_DRIVER_PID')) as Record<string, string>;
}
