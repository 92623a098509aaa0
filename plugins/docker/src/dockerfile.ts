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
 * the source last so a source change rebuilds only that layer. Everything keeps its absolute
 * path from this machine, so the snapshot's source path and zenml's CLI resolve unchanged.
 */
export function generateDockerfile(input: DockerfileInput): string {
  const { settings } = input;
  const lines = [`FROM ${input.parentImage}`];
  const environment = { ZENML_CONTAINER: '1', ...(settings.environment ?? {}) };
  lines.push(`ENV ${Object.entries(environment).map(([key, value]) => `${key}=${quote(value)}`).join(' ')}`);
  if (settings.aptPackages?.length) {
    lines.push(`RUN apt-get update && apt-get install -y --no-install-recommends ${settings.aptPackages.join(' ')} && rm -rf /var/lib/apt/lists/*`);
  }
  lines.push(`WORKDIR ${quote(input.projectRoot)}`);
  if ((settings.installDependencies ?? 'npm-ci') === 'copy') {
    lines.push('COPY deps/ /');
  } else {
    lines.push('COPY manifest/ ./');
    lines.push(input.hasLockfile ? 'RUN npm ci --omit=dev' : 'RUN npm install --omit=dev');
    if (settings.npmPackages?.length) lines.push(`RUN npm install --no-save ${settings.npmPackages.join(' ')}`);
  }
  lines.push('COPY source/ /');
  return `${lines.join('\n')}\n`;
}
