import { UsageError } from 'zenml/plugin';
import type { SnapshotSpec, StepSpec } from 'zenml/plugin';

/** `settings: { docker: {...} }` on a pipeline or step, as ZenML's DockerSettings (camelCase). */
export interface DockerSettings {
  /** Image the generated Dockerfile builds FROM (it must have `node`); default: the orchestrator's `parentImage`. */
  parentImage?: string;
  /** A Dockerfile of the user's, built first (context: buildContextRoot) and used as the parent image. */
  dockerfile?: string;
  /** Environment variables set in the image. */
  environment?: Record<string, string>;
  /** Debian packages installed with apt-get. */
  aptPackages?: string[];
  /** Extra npm packages installed in the project (`npm install --no-save`). */
  npmPackages?: string[];
  /** Folder copied into the image as the pipeline's source (default: the project, the folder of package.json). */
  buildContextRoot?: string;
  /**
   * How the project's dependencies get into the image: `npm-ci` (default) runs `npm ci --omit=dev`
   * from the lockfile; `copy` copies the packages as installed on this machine (the production
   * dependencies, the npmPackages and zenml itself), for machines without a reachable npm registry.
   */
  installDependencies?: 'npm-ci' | 'copy';
}

/** `settings: { resources: {...} }`: ZenML's ResourceSettings, mapped to container limits. */
export interface ResourceSettings {
  cpuCount?: number;
  /** e.g. `512MB`, `1GiB`, `2g`. */
  memory?: string;
}

const DOCKER_KEYS = new Set(['parentImage', 'dockerfile', 'environment', 'aptPackages', 'npmPackages', 'buildContextRoot', 'installDependencies']);

/** The Docker settings of one step: the pipeline's, with the step's own keys over them. */
export function stepDockerSettings(spec: SnapshotSpec, step: StepSpec): DockerSettings {
  const merged = { ...asRecord(spec.settings.docker, 'docker'), ...asRecord(step.config.settings.docker, 'docker') };
  for (const key of Object.keys(merged)) {
    if (!DOCKER_KEYS.has(key)) throw new UsageError(`Unknown Docker setting '${key}'.`, `Docker settings: ${[...DOCKER_KEYS].join(', ')}.`);
  }
  const list = (key: 'aptPackages' | 'npmPackages') => {
    const value = merged[key];
    if (value !== undefined && (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || !/^[@\w.+:/=~^<>-]+$/.test(item)))) {
      throw new UsageError(`Docker setting '${key}' must be a list of package names.`, `e.g. ${key}: ["curl"]`);
    }
    return value as string[] | undefined;
  };
  const installDependencies = merged.installDependencies;
  if (installDependencies !== undefined && installDependencies !== 'npm-ci' && installDependencies !== 'copy') {
    throw new UsageError(`Docker setting 'installDependencies' must be 'npm-ci' or 'copy', not '${String(installDependencies)}'.`);
  }
  return {
    parentImage: optionalString(merged.parentImage, 'parentImage'),
    dockerfile: optionalString(merged.dockerfile, 'dockerfile'),
    environment: merged.environment === undefined ? undefined : (Object.fromEntries(Object.entries(asRecord(merged.environment, 'docker.environment')).map(([k, v]) => [k, String(v)])) as Record<string, string>),
    aptPackages: list('aptPackages'),
    npmPackages: list('npmPackages'),
    buildContextRoot: optionalString(merged.buildContextRoot, 'buildContextRoot'),
    installDependencies,
  };
}

/** The resource limits of one step, as docker run flags. */
export function resourceFlags(step: StepSpec): string[] {
  const resources = asRecord(step.config.settings.resources, 'resources') as ResourceSettings;
  const flags: string[] = [];
  if (resources.cpuCount !== undefined) {
    if (typeof resources.cpuCount !== 'number' || !(resources.cpuCount > 0)) throw new UsageError(`Resource setting cpuCount must be a positive number, not '${String(resources.cpuCount)}'.`);
    flags.push('--cpus', String(resources.cpuCount));
  }
  if (resources.memory !== undefined) flags.push('--memory', String(memoryBytes(String(resources.memory))));
  return flags;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** `512MB`, `1GiB`, `2g` → bytes (ZenML's memory strings, and docker's own suffixes). */
export function memoryBytes(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new UsageError(`Resource setting memory '${text}' is not a size.`, 'Use a number with a unit: 512MB, 1GB, 2GiB.');
  return Math.round(Number(match[1]) * unit);
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`Settings '${what}' must be a mapping.`);
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`Docker setting '${key}' must be a non-empty string.`);
  return value;
}
