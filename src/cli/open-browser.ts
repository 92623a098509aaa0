/**
 * Opens a URL in the user's browser the way each desktop expects (`open` on macOS, `start` on
 * Windows, `xdg-open` on Linux), detached so the CLI exits at once. Without a display (a server,
 * SSH, CI) nothing is opened and the caller prints the URL instead.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function canOpenBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (env.CI || env.ZENML_NO_BROWSER) return false;
  if (platform === 'darwin' || platform === 'win32') return true;
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'xdg-open')));
}

/** True once the browser command started; false when there is no display or it failed to start. */
export async function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!canOpenBrowser(env)) return false;
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  const { execa } = await import('execa');
  try {
    const child = execa(command, args, { detached: true, stdio: 'ignore', env, reject: false });
    child.unref();
    const spawned = await Promise.race([
      new Promise<boolean>((resolve) => child.once('spawn', () => resolve(true))),
      new Promise<boolean>((resolve) => child.once('error', () => resolve(false))),
    ]);
    return spawned;
  } catch {
    return false;
  }
}
