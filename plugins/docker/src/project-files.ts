import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ZenError } from 'zenml/plugin';

/** One thing put into the image, at the same absolute path it has on this machine. */
export type ImageEntry = { kind: 'file'; path: string } | { kind: 'symlink'; path: string; target: string };

/** The folder of the nearest package.json at or above `from`: the project a pipeline file belongs to. */
export function projectRootOf(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new ZenError(`No package.json above ${from}.`, { hint: 'A pipeline that runs in a container must belong to an npm project (npm init).' });
  }
}

/** Where `name` resolves from `fromDir` the way Node resolves it (the link path, not followed). */
export function resolvePackageDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

/** Patterns of a .dockerignore: a line is a path relative to the context root, or a bare name matched anywhere. */
function ignoreRules(root: string): (path: string) => boolean {
  const file = join(root, '.dockerignore');
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .map((line) => line.trim().replace(/^\/+|\/+$/g, ''))
        .filter((line) => line && !line.startsWith('#'))
    : [];
  return (path) => {
    const rel = relative(root, path).split(sep).join('/');
    return lines.some((line) => (line.includes('/') ? rel === line || rel.startsWith(`${line}/`) : rel.split('/').includes(line)));
  };
}

/** Every file below `root` (symlinks kept as links), skipping node_modules, .git and what .dockerignore names. */
export function sourceEntries(root: string): ImageEntry[] {
  const ignored = ignoreRules(root);
  const entries: ImageEntry[] = [];
  walk(root, entries, (path, name) => ALWAYS_SKIPPED.has(name) || ignored(path));
  return entries;
}

function walk(dir: string, into: ImageEntry[], skip: (path: string, name: string) => boolean): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (skip(path, name)) continue;
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) into.push({ kind: 'symlink', path, target: readlinkSync(path) });
    else if (stat.isDirectory()) walk(path, into, skip);
    else if (stat.isFile()) into.push({ kind: 'file', path });
  }
}

interface PackageJson {
  name?: string;
  files?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readPackage = (dir: string): PackageJson => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;

/** npm names without a version range: `lodash@4` → `lodash`, `@scope/x@^1` → `@scope/x`. */
export function packageName(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? spec.slice(0, at) : spec;
}

/**
 * The installed packages a project needs at run time, as installed on this machine: its
 * production dependencies, `extra` (npmPackages) and zenml, with theirs, followed through
 * symlinks (workspaces, `npm link`) and placed at the same paths, so Node resolves them in the
 * image exactly as here. Packages inside node_modules are copied whole (what npm unpacked);
 * linked ones (a workspace, zenml itself in its repository) only as their `files` would publish them.
 */
export function dependencyEntries(projectRoot: string, extra: string[] = []): ImageEntry[] {
  const entries: ImageEntry[] = [];
  const visited = new Set<string>();
  const links = new Set<string>();
  const project = readPackage(projectRoot);
  const queue: Array<{ name: string; from: string; neededBy: string; optional: boolean }> = [
    { name: 'zenml', from: projectRoot, neededBy: 'the step entrypoint', optional: false },
    ...Object.keys(project.dependencies ?? {}).map((name) => ({ name, from: projectRoot, neededBy: 'the project', optional: false })),
    ...Object.keys(project.optionalDependencies ?? {}).map((name) => ({ name, from: projectRoot, neededBy: 'the project', optional: true })),
    ...extra.map((spec) => ({ name: packageName(spec), from: projectRoot, neededBy: 'npmPackages', optional: false })),
  ];
  while (queue.length > 0) {
    const { name, from, neededBy, optional } = queue.shift()!;
    if (name === project.name && from === projectRoot) continue;
    const linkPath = resolvePackageDir(name, from);
    if (!linkPath) {
      if (optional) continue;
      throw new ZenError(`Package '${name}' (needed by ${neededBy}) is not installed in ${projectRoot}, so it cannot be copied into the image.`, {
        hint: "Run `npm install`, or build with `installDependencies: 'npm-ci'` where the npm registry is reachable.",
      });
    }
    addLinks(linkPath, entries, links);
    const real = realpathSync(linkPath);
    if (visited.has(real)) continue;
    visited.add(real);
    const pkg = readPackage(real);
    const published = !real.split(sep).includes('node_modules') && Array.isArray(pkg.files);
    if (published) {
      entries.push({ kind: 'file', path: join(real, 'package.json') });
      for (const item of pkg.files!) {
        const path = join(real, item);
        if (!existsSync(path)) continue;
        // Dotfiles (a build stamp written at every build) would change the image at every build.
        if (lstatSync(path).isDirectory()) walk(path, entries, (_p, n) => n === 'node_modules' || n.startsWith('.'));
        else entries.push({ kind: 'file', path });
      }
    } else {
      walk(real, entries, (path, n) => n === 'node_modules' && dirname(path) === real);
    }
    for (const [deps, isOptional] of [[pkg.dependencies, false], [pkg.optionalDependencies, true], [pkg.peerDependencies, true]] as const) {
      for (const dep of Object.keys(deps ?? {})) queue.push({ name: dep, from: real, neededBy: pkg.name ?? real, optional: isOptional });
    }
  }
  return entries;
}

/** Each symlink on the way to `path` (node_modules/zenml → the zenml folder), so the image has the same links. */
function addLinks(path: string, entries: ImageEntry[], seen: Set<string>): void {
  let current = '';
  for (const part of resolve(path).split(sep).slice(1)) {
    current = `${current}${sep}${part}`;
    const stat = lstatSync(current, { throwIfNoEntry: false });
    if (!stat?.isSymbolicLink()) continue;
    const target = readlinkSync(current);
    if (!seen.has(current)) {
      seen.add(current);
      entries.push({ kind: 'symlink', path: current, target });
    }
    current = realpathSync(current);
  }
}

/** Absolute and inside: the build context root a setting names. */
export function resolveInside(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}
