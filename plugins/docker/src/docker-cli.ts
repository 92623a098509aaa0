import { execa, type Options } from 'execa';
import { ZenError } from 'zenml/plugin';

/**
 * Runs the docker CLI against the engine DOCKER_HOST names (the default socket otherwise).
 * The classic builder (DOCKER_BUILDKIT=0) works with any engine and needs no buildx plugin.
 */
export async function docker(args: string[], options: Options = {}): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  try {
    const result = await execa('docker', args, { reject: false, ...options, env: { DOCKER_BUILDKIT: '0', ...options.env } });
    return { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode: result.exitCode ?? 1 };
  } catch (error) {
    throw dockerMissing(error);
  }
}

/** Like docker(), but a non-zero exit is an error carrying docker's last line. */
export async function dockerOk(args: string[], options: Options = {}): Promise<string> {
  const result = await docker(args, options);
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? `exit code ${result.exitCode}`;
    throw new ZenError(`docker ${args[0]} failed: ${detail}`, { hint: 'Check that the Docker engine runs (docker version) and DOCKER_HOST points at it.' });
  }
  return result.stdout.trim();
}

function dockerMissing(error: unknown): Error {
  if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
    return new ZenError('The docker CLI is not installed.', { hint: 'Install Docker (apt-get install -y docker.io) and start its engine.' });
  }
  return error as Error;
}

/** True when the engine has an image of this name. */
export async function imageExists(image: string): Promise<boolean> {
  return (await docker(['image', 'inspect', '--format', '{{.Id}}', image])).exitCode === 0;
}
