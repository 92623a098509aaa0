import type { DockerSettings } from './settings.js';

export interface DockerfileInput {
  parentImage: string;
  settings: DockerSettings;
  /** The project folder (package.json, lockfile): the image's working directory, at the same path as here. */
  projectRoot: string;
  /** The project has a package-lock.json (npm ci needs one). */
  hasLockfile: boolean;
}

const quote = (value: string) => JSON.stringify(value);

/**
 * The Dockerfile zenml builds a pipeline's image from, as ZenML builds it: the parent image,
 * environment, apt packages, the project's dependencies (npm ci --omit=dev from the lockfile,
 * or, offline, the packages as installed here, staged under deps/), extra npm packages, then
 * the source. Everything keeps its absolute path from this machine, so the snapshot's source
 * path and zenml's CLI resolve unchanged. It is built in two images: the dependencies
 * (`dependencies`, reused while they stay the same) and the source on top (`source(...)`),
 * so a source change sends and builds only the source; `full` is the two as one Dockerfile.
 */
export function generateDockerfile(input: DockerfileInput): { dependencies: string; source: (dependenciesImage: string) => string; full: string } {
  const { settings } = input;
  const lines = [`FROM ${input.parentImage}`];
  const environment = { ZENML_CONTAINER: '1', ...(settings.environment ?? {}) };
  lines.push(`ENV ${Object.entries(environment).map(([key, value]) => `${key}=${quote(value)}`).join(' ')}`);
  if (settings.aptPackages?.length) {
    lines.push(`RUN apt-get update && apt-get install -y --no-install-recommends ${settings.aptPackages.join(' ')} && rm -rf /var/lib/apt/lists/*`);
  }
  const workdir = `WORKDIR ${quote(input.projectRoot)}`;
  const copy = settings.installDependencies === 'copy';
  if (copy) {
    // The packages keep their paths: the same image serves every project on this machine.
    lines.push('COPY deps/ /');
  } else {
    lines.push(workdir, 'COPY manifest/ ./');
    lines.push(input.hasLockfile ? 'RUN npm ci --omit=dev' : 'RUN npm install --omit=dev');
    if (settings.npmPackages?.length) lines.push(`RUN npm install --no-save ${settings.npmPackages.join(' ')}`);
  }
  const sourceLines = [...(copy ? [workdir] : []), 'COPY source/ /'];
  return {
    dependencies: `${lines.join('\n')}\n`,
    source: (dependenciesImage) => `${[`FROM ${dependenciesImage}`, ...sourceLines].join('\n')}\n`,
    full: `${[...lines, ...sourceLines].join('\n')}\n`,
  };
}
