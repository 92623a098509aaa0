import type { ContainerRegistry } from 'zenml/plugin';
import { docker, dockerOk } from './docker-cli.js';

/** Container registry `default`: any registry the Docker engine can push to (`uri`: host[:port][/path]). */
export class DefaultContainerRegistry implements ContainerRegistry {
  readonly uri: string;

  constructor(uri: string) {
    this.uri = uri.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  }

  imageReference(repository: string, tag: string): string {
    return `${this.uri}/${repository}:${tag}`;
  }

  /** Pushes and answers the digest reference (`repo@sha256:...`) the registry gave the image. */
  async push(image: string): Promise<string> {
    await dockerOk(['push', image]);
    const digests = JSON.parse(await dockerOk(['image', 'inspect', '--format', '{{json .RepoDigests}}', image])) as string[] | null;
    const repository = image.slice(0, image.lastIndexOf(':'));
    return digests?.find((digest) => digest.startsWith(`${repository}@`)) ?? image;
  }

  async pull(image: string): Promise<boolean> {
    return (await docker(['pull', '--quiet', image])).exitCode === 0;
  }
}
