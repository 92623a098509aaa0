// Which zenml package the extension loads: the `zenml.path` setting when set, else the
// workspace's own `node_modules/zenml`, else a workspace folder that is the zenml package itself.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

function isZenmlPackage(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
    return manifest.name === 'zenml';
  } catch {
    return false;
  }
}

export interface ZenmlLocation {
  path: string;
  /** How it was found, for messages: the setting or the workspace folder. */
  from: string;
}

export function findZenml(configured: string | undefined, workspaceFolders: string[]): ZenmlLocation | { problem: string } {
  if (configured) {
    const dir = isAbsolute(configured) ? configured : resolve(workspaceFolders[0] ?? process.cwd(), configured);
    const candidates = [dir, join(dir, 'node_modules', 'zenml')];
    const found = candidates.find(isZenmlPackage);
    return found ? { path: found, from: 'the zenml.path setting' } : { problem: `zenml.path is '${configured}', which is not the zenml package (no package.json named zenml there). Point it at the package folder, e.g. <project>/node_modules/zenml.` };
  }
  for (const folder of workspaceFolders) {
    const installed = join(folder, 'node_modules', 'zenml');
    if (existsSync(installed) && isZenmlPackage(installed)) return { path: installed, from: `${folder}/node_modules` };
    if (isZenmlPackage(folder)) return { path: folder, from: `the workspace folder ${folder}` };
  }
  return { problem: 'No zenml package in this workspace. Run `npm install zenml` in the project, or set zenml.path to the zenml package folder.' };
}
