import { join } from 'node:path';
import type { ZenContext } from '../context/zen-context.js';
import { ZenError } from '../core/errors.js';
import type { RunTemplateModel } from '../core/run-template-entities.js';
import type { RunOptions } from '../core/step-config.js';
import { artifactStoreById } from '../stack/artifact-store-factory.js';
import { archivePipelineCode, extractPipelineCode } from './code-archive.js';
import { launchRun, loadRunStack } from './launch-run.js';
import { PipelineSource } from './pipeline-source.js';
import type { PipelineRunResult } from './run-result.js';

export interface PipelineSnapshotRequest {
  /** The pipeline file. */
  file: string;
  name: string;
  description?: string;
  /** The export holding the pipeline, when the file exports several. */
  exportName?: string;
  /** Run options kept with the snapshot (JSON: what a run config file holds). */
  runConfig: RunOptions;
  /** Stack whose artifact store keeps the code archive (default: the active stack). */
  stack?: string;
}

const ARCHIVE_FOLDER = 'pipeline-snapshots';

/**
 * Compiles the pipeline (so a broken file or config is refused now, not at run time), puts
 * an archive of its code in the stack's artifact store and keeps both under a name.
 */
export async function createPipelineSnapshot(context: ZenContext, request: PipelineSnapshotRequest): Promise<RunTemplateModel> {
  const source = await PipelineSource.load(request.file, { exportName: request.exportName }, 'zenml pipeline snapshot create');
  const compiled = await source.compile(request.runConfig);
  const archive = await archivePipelineCode(source.file);
  const artifactStore = await (await loadRunStack(context, request.stack)).artifactStore();
  const path = `${ARCHIVE_FOLDER}/${archive.hash}.json.gz`;
  if (!(await artifactStore.exists(path))) await artifactStore.writeFile(path, archive.bytes);
  return context.store.createRunTemplate({
    name: request.name,
    description: request.description,
    pipelineName: source.pipelineName,
    spec: { ...compiled.spec, source: { file: archive.entry, export: source.exportName } } as unknown as Record<string, unknown>,
    sourceFile: archive.entry,
    sourceExport: source.exportName,
    runConfig: request.runConfig as Record<string, unknown>,
    codeUri: artifactStore.uri(path),
    codeHash: archive.hash,
    artifactStoreId: artifactStore.id,
  });
}

/**
 * Runs a snapshot from its code archive (extracted once per archive into the config
 * folder's cache), with `options` as its run options: on any stack, without the original file.
 */
export async function runPipelineSnapshot(context: ZenContext, template: RunTemplateModel, options: RunOptions): Promise<PipelineRunResult> {
  const folder = await snapshotCodeFolder(context, template);
  const source = await PipelineSource.load(join(folder, template.sourceFile), { exportName: template.sourceExport, pipelineName: template.pipelineName }, 'zenml pipeline snapshot run');
  return launchRun(await source.compile(options), context);
}

async function snapshotCodeFolder(context: ZenContext, template: RunTemplateModel): Promise<string> {
  const artifactStore = await artifactStoreById(context, template.artifactStoreId);
  const path = artifactStore.pathOf(template.codeUri);
  if (path === undefined || !(await artifactStore.exists(path))) {
    throw new ZenError(`The code archive of pipeline snapshot '${template.name}' is missing at ${template.codeUri}.`, { hint: 'It was deleted from the artifact store; create the snapshot again.' });
  }
  return extractPipelineCode(await artifactStore.readFile(path), template.codeHash, join(context.configDir, 'snapshot-code'));
}

/** Deletes the snapshot, and its code archive when no other snapshot shares it. */
export async function deletePipelineSnapshot(context: ZenContext, nameOrId: string): Promise<RunTemplateModel> {
  const template = await context.store.getRunTemplate(nameOrId);
  await context.store.deleteRunTemplate(template.id);
  const others = await context.store.listRunTemplates({ size: 1000 });
  if (!others.items.some((other) => other.codeHash === template.codeHash && other.artifactStoreId === template.artifactStoreId)) {
    const artifactStore = await artifactStoreById(context, template.artifactStoreId).catch(() => undefined);
    const path = artifactStore?.pathOf(template.codeUri);
    if (artifactStore && path !== undefined) await artifactStore.remove(path).catch(() => undefined);
  }
  return template;
}
