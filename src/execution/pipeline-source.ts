import { runningForeignCode } from '../core/foreign-code.js';
import { sha256Hex } from '../core/sha256.js';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { UsageError } from '../core/errors.js';
import { whileImportingPipelineFile } from '../core/pipeline-import.js';
import { isPipeline, pipelineDefinitionOf, type PipelineHandle } from '../core/pipeline-brand.js';
import type { CompiledPipeline, RunOptions } from '../core/step-config.js';
import { compiledPipelineModule } from './compiled-pipelines.js';

export interface PipelineSelector {
  /** The export to use when the file exports several pipelines. */
  exportName?: string;
  /** Else the export whose pipeline has this name. */
  pipelineName?: string;
}

/**
 * A pipeline as found in its source file: the one place that finds the file, imports it,
 * picks the export, compiles it and hashes the source (on demand: only launching and
 * resuming need the hash, not the step entrypoint that recompiles for every step). `pipeline run`, `runs resume` and the
 * step entrypoint all go through it, so each compiled snapshot records the same file and
 * export for other processes to import again.
 */
export class PipelineSource {
  private constructor(
    /** Absolute path of the file. */
    readonly file: string,
    readonly exportName: string,
    readonly pipeline: PipelineHandle,
  ) {}

  /**
   * Imports the file and picks the pipeline. `runner` names what will run it, for the warning
   * shown when the file also starts a run of its own at import (that run is skipped).
   */
  static async load(file: string, selector: PipelineSelector = {}, runner = 'zenml pipeline run'): Promise<PipelineSource> {
    const path = resolve(file);
    const module = await whileImportingPipelineFile(file, runner, () => runningForeignCode(`pipeline file ${file}`, path, () => importPipelineModule(path, file)));
    const { exportName, pipeline } = findPipelineExport(module, file, selector);
    return new PipelineSource(path, exportName, pipeline);
  }

  get pipelineName(): string {
    return pipelineDefinitionOf(this.pipeline).name;
  }

  /** sha256 of the file as it is now (a resume compares it with the run's). */
  async hash(): Promise<string> {
    return sha256Hex(await readFile(this.file));
  }

  /** Compiles the pipeline with these options and parameters; the snapshot records this file and export (launchRun adds the hash). */
  async compile(options: RunOptions = {}, parameters?: Record<string, unknown>): Promise<CompiledPipeline> {
    const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as RunOptions;
    const compiled = await this.pipeline.withOptions(defined).compile(parameters && Object.keys(parameters).length > 0 ? parameters : undefined);
    return { ...compiled, spec: { ...compiled.spec, source: { file: this.file, export: this.exportName } } };
  }
}

/** Imports a pipeline source file (or a hook's, see hooks.ts); TypeScript files go through tsx. */
export async function importPipelineModule(path: string, shownAs: string): Promise<Record<string, unknown>> {
  if (!existsSync(path)) throw new UsageError(`The file ${shownAs} does not exist.`, 'Pass the path of a .ts or .js file that exports a pipeline.');
  try {
    if (/\.(c|m)?tsx?$/.test(path) && !process.execArgv.some((arg) => arg.includes('tsx'))) {
      if (isEsmScope(path)) {
        // Compiled once and cached by content: no tsx loader in this process at all.
        const compiled = await compiledPipelineModule(path);
        if (compiled) {
          try {
            return (await import(compiled)) as Record<string, unknown>;
          } catch (error) {
            // A package the compiled module names moved since (reinstalled): tsx resolves it afresh.
            if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
          }
        }
        // A global tsx hook lets the file's `import 'zenml'` reuse the modules this process
        // already loaded, instead of a second copy as a namespaced import would load.
        await registerTsx();
      } else {
        // CommonJS scope: load it the way Node would, as CommonJS (so __dirname and stack
        // frames are the file's own); its `require('zenml')` reaches our ES modules through
        // Node's require(esm).
        const compiled = await compiledPipelineModule(path, 'cjs');
        if (compiled) return createRequire(import.meta.url)(fileURLToPath(compiled)) as Record<string, unknown>;
        const { require: tsxRequire } = await import('tsx/cjs/api');
        return tsxRequire(path, import.meta.url) as Record<string, unknown>;
      }
    }
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // Loaded only on failure: a file that imports cleanly never needs it.
    const { describeImportFailure } = await import('./import-error.js');
    throw new UsageError(`Importing ${shownAs} failed: ${describeImportFailure(error, path, shownAs)}`, 'Fix the error in the file and try again.');
  }
}

let tsxRegistration: Promise<void> | undefined;
function registerTsx(): Promise<void> {
  tsxRegistration ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  return tsxRegistration;
}

/** True when the pipeline file at `file` is imported as an ES module (not required as CommonJS). */
export function importsAsEsModule(file: string): boolean {
  const path = resolve(file);
  if (/\.(c|m)?tsx?$/.test(path)) return isEsmScope(path);
  return /\.mjs$/.test(path) || (!/\.cjs$/.test(path) && isEsmScope(path));
}

/** True when Node treats a .ts file as an ES module: .mts, or a nearest package.json with "type": "module". */
function isEsmScope(path: string): boolean {
  if (/\.mtsx?$/.test(path)) return true;
  if (/\.ctsx?$/.test(path)) return false;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(dir) === dir) return false;
  }
}

/** The pipeline a module exports: by export name, by pipeline name, or the only one. */
function findPipelineExport(module: Record<string, unknown>, file: string, selector: PipelineSelector): { exportName: string; pipeline: PipelineHandle } {
  const pipelines = Object.entries(module).filter((entry): entry is [string, PipelineHandle] => isPipeline(entry[1]));
  if (selector.exportName) {
    const found = pipelines.find(([name]) => name === selector.exportName);
    if (!found) {
      throw new UsageError(`${file} has no pipeline export named '${selector.exportName}'.`, pipelines.length ? `Pipeline exports: ${pipelines.map(([n]) => n).join(', ')}.` : 'Export a pipeline from it.');
    }
    return { exportName: found[0], pipeline: found[1] };
  }
  if (selector.pipelineName) {
    const found = pipelines.find(([, p]) => pipelineDefinitionOf(p).name === selector.pipelineName);
    if (found) return { exportName: found[0], pipeline: found[1] };
  }
  if (pipelines.length === 0) throw new UsageError(`${file} exports no pipeline.`, 'Export one: `export const training = pipeline({ name: "training" }, () => { ... })`.');
  if (pipelines.length > 1) {
    throw new UsageError(`${file} exports several pipelines (${pipelines.map(([n]) => n).join(', ')}).`, 'Choose one with --pipeline <export>.');
  }
  return { exportName: pipelines[0][0], pipeline: pipelines[0][1] };
}
