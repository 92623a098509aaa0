import type { ImageBuilder } from 'zenml/plugin';
import { docker, imageExists } from './docker-cli.js';
import { ZenError } from 'zenml/plugin';

/** Image builder `local`: builds with this machine's Docker engine (the docker CLI, DOCKER_HOST). */
export class LocalImageBuilder implements ImageBuilder {
  async build(request: { contextDir: string; dockerfile?: string; image: string }): Promise<string> {
    const args = ['build', '--tag', request.image, '--label', 'zenml.image=1'];
    if (request.dockerfile) args.push('--file', request.dockerfile);
    const result = await docker([...args, request.contextDir]);
    if (result.exitCode !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').filter(Boolean).slice(-6).join('\n');
      throw new ZenError(`Building image ${request.image} failed:\n${tail}`, { hint: 'Fix the Docker settings (parentImage, aptPackages, npmPackages, dockerfile) and run again.' });
    }
    return request.image;
  }

  exists(image: string): Promise<boolean> {
    return imageExists(image);
  }
}
