// A user's project that installs zenml the way a user would: from the tarball `npm pack`
// writes, into an empty ESM project, with the real npm client. Used by the tests that check
// the package installs and runs outside this repository.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, type Sandbox } from './sandbox.js';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface PackedConsumer {
  /** The consumer project's directory (package.json with "type": "module", node_modules/zenml from the tarball). */
  dir: string;
  tarball: string;
  /** Paths inside the tarball, as `npm pack --json` lists them (`package/` prefix removed). */
  files: string[];
  /** Wall times of the setup phases, in ms. */
  timings: { pack: number; install: number; installTsx: number };
  /** Writes a file into the project and returns its absolute path. */
  write(name: string, content: string): string;
  /** Runs a command in the project with the sandbox's env (never `~`), resolving on any exit code. */
  exec(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CommandResult>;
}

const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

/**
 * Packs this repository (`npm pack`, scripts skipped: `npm test` has just built dist/ and the
 * plugins' dist/) into the sandbox and installs the tarball, then `tsx` as a dev dependency,
 * into an empty ESM project next to it: what the README tells a user to do.
 *
 * - npm runs with the sandbox's HOME, but with the machine's npm cache and user config, so
 *   packages come from the cache when they are there (`--prefer-offline`); zenml's own config
 *   stays in the sandbox.
 * - `--omit=optional` leaves out keytar, which would otherwise try a native build against
 *   libsecret; the package must work without it.
 * - better-sqlite3's install script still runs. Its prebuild-install step is pointed at a
 *   prebuilt archive of the binary this checkout already compiled for this Node (the
 *   documented `local-prebuilds` option), so the install does not spend minutes compiling
 *   SQLite again. If the consumer resolves a different better-sqlite3 version, it builds from
 *   source: slower, still correct.
 */
export async function createPackedConsumer(sandbox: Sandbox): Promise<PackedConsumer> {
  for (const plugin of ['flavor-local', 'orchestrator-local-process']) {
    if (!existsSync(join(REPO_ROOT, 'plugins', plugin, 'dist', 'flavors.js'))) {
      throw new Error(`plugins/${plugin}/dist is missing: run \`npm run build\` first`);
    }
  }
  const packDir = join(sandbox.dir, 'pack');
  const dir = join(sandbox.dir, 'project');
  mkdirSync(packDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'my-project', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);

  const env = npmEnv(sandbox, seedBetterSqlitePrebuild(sandbox));
  const exec = (cwd: string, file: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
    run(file, args, { cwd, env: { ...env, ...extraEnv } });
  const must = async (cwd: string, file: string, args: string[]) => {
    const result = await exec(cwd, file, args);
    if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    return result;
  };

  let start = Date.now();
  const packed = await must(REPO_ROOT, 'npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir, '--loglevel=error']);
  const pack = Date.now() - start;
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  const tarball = join(packDir, info.filename);

  start = Date.now();
  await must(dir, 'npm', ['install', tarball, '--omit=optional', ...NPM_FLAGS]);
  const install = Date.now() - start;
  start = Date.now();
  await must(dir, 'npm', ['install', '--save-dev', 'tsx', '--omit=optional', ...NPM_FLAGS]);
  const installTsx = Date.now() - start;

  return {
    dir,
    tarball,
    files: info.files.map((file) => file.path.replace(/^package\//, '')),
    timings: { pack, install, installTsx },
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    exec: (file, args, extraEnv) => exec(dir, file, args, extraEnv),
  };
}

/** The sandbox's env without the npm_* variables an `npm test` parent sets (they would point npm at this repo). */
function npmEnv(sandbox: Sandbox, prebuilds: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(sandbox.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD') env[key] = value;
  }
  const machine = machineNpmConfig();
  env.npm_config_cache = machine.cache;
  if (machine.userconfig) env.npm_config_userconfig = machine.userconfig;
  env.npm_config_update_notifier = 'false';
  if (prebuilds) env.npm_config_better_sqlite3_local_prebuilds = prebuilds;
  return env;
}

/** The npm cache and user config of the machine's user: the test runner replaced HOME with an empty dir. */
function machineNpmConfig(): { cache: string; userconfig?: string } {
  const fromParent = { cache: process.env.npm_config_cache, userconfig: process.env.npm_config_userconfig };
  if (fromParent.cache) return { cache: fromParent.cache, userconfig: fromParent.userconfig };
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  env.HOME = userInfo().homedir;
  // Read-only: prints the two settings.
  const out = execFileSync('npm', ['config', 'get', 'cache', 'userconfig'], { env, encoding: 'utf8' });
  const values = Object.fromEntries(out.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')).trim(), line.slice(line.indexOf('=') + 1).trim()]));
  return { cache: values.cache, userconfig: existsSync(values.userconfig ?? '') ? values.userconfig : undefined };
}

/** Writes the archive prebuild-install looks for, made of this checkout's compiled better-sqlite3 binding. */
function seedBetterSqlitePrebuild(sandbox: Sandbox): string | undefined {
  const pkgDir = join(REPO_ROOT, 'node_modules', 'better-sqlite3');
  const binding = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(binding)) return undefined;
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const dir = join(sandbox.dir, 'prebuilds');
  mkdirSync(dir, { recursive: true });
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  execFileSync('tar', ['-czf', join(dir, name), '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  return dir;
}

function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
