import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { ZenError, type ContainerRegistry, type ImageBuilder, type PipelineBuildResult, type SnapshotSpec, type StepSpec } from 'zenml/plugin';
import { generateDockerfile } from './dockerfile.js';
import { dependencyEntries, projectRootOf, resolveInside, resolvePackageDir, sourceEntries, type ImageEntry } from './project-files.js';
import { stepDockerSettings, type DockerSettings } from './settings.js';
import { LocalImageBuilder } from './local-image-builder.js';
import { dockerOk } from './docker-cli.js';

/** The image one group of steps (same Docker settings) runs in, and how to start zenml in it. */
export interface StepImage {
  image: string;
  digest?: string;
  contentHash: string;
  built: boolean;
  pushed: boolean;
  steps: string[];
  /** `node <zenml>/bin/run.js` at the path it has in the image. */
  cli: string[];
}

export interface ImageComponents {
  imageBuilder?: ImageBuilder;
  containerRegistry?: ContainerRegistry;
  /** The orchestrator's defaults for Docker settings (`--parentImage`, `--installDependencies`). */
  defaults?: Pick<DockerSettings, 'parentImage' | 'installDependencies'>;
}

/** Default parent: Debian's slim Node image of this Node's major version, as ZenML defaults to its own Python image. */
export const defaultParentImage = () => `node:${process.versions.node.split('.')[0]}-bookworm-slim`;

/**
 * The images a run of `spec` needs, one per distinct Docker settings, each named by the hash
 * of everything that goes into it: an image with that name is reused (here or pulled from
 * the stack's registry) and only a new content hash builds. With a registry, images are pushed.
 */
export async function ensurePipelineImages(spec: SnapshotSpec, components: ImageComponents): Promise<{ byStep: Map<string, StepImage>; images: StepImage[] }> {
  const groups = new Map<string, { settings: DockerSettings; steps: StepSpec[] }>();
  for (const step of spec.steps) {
    const settings = stepDockerSettings(spec, step);
    settings.installDependencies ??= components.defaults?.installDependencies;
    const key = JSON.stringify(settings);
    const group = groups.get(key) ?? { settings, steps: [] };
    group.steps.push(step);
    groups.set(key, group);
  }
  const byStep = new Map<string, StepImage>();
  const images: StepImage[] = [];
  for (const { settings, steps } of groups.values()) {
    const image = await ensureImage(spec, settings, components, steps.map((s) => s.id));
    images.push(image);
    for (const step of steps) byStep.set(step.id, image);
  }
  return { byStep, images };
}

export function buildResult(images: StepImage[]): PipelineBuildResult {
  return { images: images.map(({ image, digest, contentHash, built, pushed, steps }) => ({ image, digest, contentHash, built, pushed, steps })) };
}

interface ImagePlan {
  dockerfile: ReturnType<typeof generateDockerfile>;
  projectRoot: string;
  entries: Array<{ prefix: 'deps' | 'source'; entry: ImageEntry }>;
  manifest: string[];
  cli: string[];
}

function planImage(spec: SnapshotSpec, settings: DockerSettings, parentImage: string): ImagePlan {
  const file = spec.source?.file;
  if (!file) throw new ZenError(`Pipeline '${spec.pipeline.name}' has no source file, so its steps cannot run in a container.`, { hint: 'Define the pipeline in a file and run it with `zenml pipeline run FILE`.' });
  const projectRoot = projectRootOf(dirname(file));
  const contextRoot = settings.buildContextRoot ? resolveInside(projectRoot, settings.buildContextRoot) : projectRoot;
  if (relative(contextRoot, file).startsWith('..')) {
    throw new ZenError(`The pipeline file ${file} is outside the build context root ${contextRoot}.`, { hint: 'Set settings.docker.buildContextRoot to a folder that holds the pipeline file.' });
  }
  const zenml = resolvePackageDir('zenml', projectRoot);
  if (!zenml) throw new ZenError(`zenml is not a dependency of the project in ${projectRoot}, so the image would have no zenml to run the steps.`, { hint: 'npm install zenml in the project.' });
  const copy = settings.installDependencies === 'copy';
  const hasLockfile = existsSync(join(projectRoot, 'package-lock.json'));
  const entries: ImagePlan['entries'] = [];
  // Links (node_modules/zenml → its folder) belong to the project; packages' files to the shared dependencies image.
  if (copy) for (const entry of dependencyEntries(projectRoot, settings.npmPackages)) entries.push({ prefix: entry.kind === 'symlink' ? 'source' : 'deps', entry });
  for (const entry of sourceEntries(contextRoot)) entries.push({ prefix: 'source', entry });
  const manifest = copy ? [] : [join(projectRoot, 'package.json'), ...(hasLockfile ? [join(projectRoot, 'package-lock.json')] : [])];
  return {
    dockerfile: generateDockerfile({ parentImage, settings, projectRoot, hasLockfile }),
    projectRoot,
    entries,
    manifest,
    cli: ['node', join(zenml, 'bin', 'run.js')],
  };
}

/** sha256 of a Dockerfile and of every path, link and file content of one stage (deps or source). */
function contentHash(plan: ImagePlan, part: 'deps' | 'source', dockerfile: string): string {
  const hash = createHash('sha256').update(dockerfile);
  if (part === 'deps') for (const path of plan.manifest) hash.update(`\0manifest\0${path}\0`).update(readFileSync(path));
  for (const { prefix, entry } of plan.entries) {
    if (prefix !== part) continue;
    hash.update(`\0${prefix}\0${entry.kind}\0${entry.path}\0`);
    hash.update(entry.kind === 'symlink' ? entry.target : readFileSync(entry.path));
  }
  return hash.digest('hex');
}

/** The build context of one stage on disk: hard links where the file system allows (no copy), copies elsewhere. */
function stageContext(plan: ImagePlan, part: 'deps' | 'source', dockerfile: string): string {
  const stage = mkdtempSync(join(tmpdir(), 'zenml-image-'));
  writeFileSync(join(stage, 'Dockerfile'), dockerfile);
  if (part === 'deps') for (const path of plan.manifest) {
    mkdirSync(join(stage, 'manifest'), { recursive: true });
    copyFileSync(path, join(stage, 'manifest', relative(plan.projectRoot, path)));
  }
  mkdirSync(join(stage, 'source'), { recursive: true });
  mkdirSync(join(stage, 'deps'), { recursive: true });
  for (const { prefix, entry } of plan.entries) {
    if (prefix !== part) continue;
    const dest = join(stage, prefix, entry.path);
    if (existsSync(dest)) continue;
    mkdirSync(dirname(dest), { recursive: true });
    if (entry.kind === 'symlink') symlinkSync(entry.target, dest);
    else {
      try {
        linkSync(entry.path, dest);
      } catch {
        copyFileSync(entry.path, dest);
      }
    }
  }
  return stage;
}

const repositoryName = (pipeline: string) => `zenml-${pipeline.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+/, '')}`;

async function ensureImage(spec: SnapshotSpec, settings: DockerSettings, components: ImageComponents, steps: string[]): Promise<StepImage> {
  const builder = components.imageBuilder ?? new LocalImageBuilder();
  const registry = components.containerRegistry;
  const parentImage = settings.dockerfile ? await buildUserDockerfile(spec, settings, builder) : (settings.parentImage ?? components.defaults?.parentImage ?? defaultParentImage());
  const plan = planImage(spec, settings, parentImage);
  const repository = repositoryName(spec.pipeline.name);
  // The dependencies first, in an image of their own that stays while they stay the same.
  const depsTag = contentHash(plan, 'deps', plan.dockerfile.dependencies).slice(0, 24);
  const depsImage = `${repository}-deps:${depsTag}`;
  const sourceDockerfile = plan.dockerfile.source(depsImage);
  const hash = createHash('sha256').update(depsTag).update(contentHash(plan, 'source', sourceDockerfile)).digest('hex');
  const tag = hash.slice(0, 24);
  const image = registry ? registry.imageReference(repository, tag) : `${repository}:${tag}`;
  let built = false;
  const present = (await builder.exists?.(image)) ?? false;
  if (!present && !(await registry?.pull?.(image))) {
    if (!(await builder.exists?.(depsImage))) await buildStage(builder, plan, 'deps', plan.dockerfile.dependencies, depsImage);
    await buildStage(builder, plan, 'source', sourceDockerfile, image);
    built = true;
  }
  let digest: string | undefined;
  if (registry?.push) digest = await registry.push(image);
  return { image, digest, contentHash: hash, built, pushed: Boolean(registry?.push), steps, cli: plan.cli };
}

async function buildStage(builder: ImageBuilder, plan: ImagePlan, part: 'deps' | 'source', dockerfile: string, image: string): Promise<void> {
  const stage = stageContext(plan, part, dockerfile);
  try {
    await builder.build({ contextDir: stage, image });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** A Dockerfile of the user's (settings.docker.dockerfile) is built first and becomes the parent image. */
async function buildUserDockerfile(spec: SnapshotSpec, settings: DockerSettings, builder: ImageBuilder): Promise<string> {
  const projectRoot = projectRootOf(dirname(spec.source?.file ?? '.'));
  const dockerfile = resolveInside(projectRoot, settings.dockerfile!);
  if (!existsSync(dockerfile)) throw new ZenError(`The Dockerfile ${dockerfile} (settings.docker.dockerfile) does not exist.`);
  const contextDir = settings.buildContextRoot ? resolveInside(projectRoot, settings.buildContextRoot) : projectRoot;
  const tag = createHash('sha256').update(readFileSync(dockerfile)).update(contextDir).digest('hex').slice(0, 24);
  const image = `${repositoryName(spec.pipeline.name)}-parent:${tag}`;
  await builder.build({ contextDir, dockerfile, image });
  // The parent's id enters the pipeline image's hash through the FROM line.
  return dockerOk(['image', 'inspect', '--format', '{{.Id}}', image]);
}
