// Answers that need neither oclif nor the manifest, printed before either is loaded: loading
// them is most of the time `zenml --version` would otherwise take. Imports node built-ins only.
import { readFileSync } from 'node:fs';
import { arch, platform, release } from 'node:os';

/** oclif's user agent, `zenml/0.1.0 linux-x64 node-v20.20.2`, byte for byte. */
export function userAgent(packageJsonUrl: URL): string {
  const { name, version } = JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { name: string; version: string };
  // oclif reports WSL as its own platform (it asks the wsl-utils package, which reads the kernel release).
  const os = platform() === 'linux' && release().toLowerCase().includes('microsoft') ? 'wsl' : platform();
  return `${name}/${version} ${os}-${arch()} node-${process.version}`;
}

/** True when the command line was answered here and oclif need not start. */
export function answeredWithoutOclif(argv: readonly string[], packageJsonUrl: URL): boolean {
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`${userAgent(packageJsonUrl)}\n`);
    return true;
  }
  return false;
}
