import type { ArtifactVersionModel } from '../core/entities.js';
import type { ZenContext } from '../context/zen-context.js';

/** Longest visualization text `artifact inspect` prints; the rest is cut with a note. */
export const PREVIEW_LIMIT = 4000;

export interface ArtifactDetails extends ArtifactVersionModel {
  producer: { runId: string; runName: string | null; stepRunId: string | null; step: string | null } | null;
  metadata: Record<string, unknown>;
  visualization: { type: string; file: string; preview: string | null; truncated: boolean; error?: string } | null;
  /** The loaded value as JSON, only with `--load`. */
  value?: unknown;
  valueNotes?: string[];
}

/**
 * Everything `artifact inspect` shows about one version: the record, who produced it,
 * its metadata, and the text of its first visualization read through the artifact store.
 */
export async function artifactDetails(context: ZenContext, nameOrId: string, version?: number | string): Promise<ArtifactDetails> {
  const { store } = context;
  const model = await store.getArtifactVersion(nameOrId, version);
  const [producer, metadata, visualization] = await Promise.all([producerOf(context, model), store.getMetadata('artifact_version', model.id), previewOf(context, model)]);
  return {
    ...model,
    producer,
    metadata: Object.fromEntries(Object.entries(metadata).map(([key, entry]) => [key, entry.value])),
    visualization,
  };
}

async function producerOf(context: ZenContext, model: ArtifactVersionModel): Promise<ArtifactDetails['producer']> {
  if (!model.producerRunId) return null;
  // The producing run may have been deleted since; the version outlives it.
  const run = await context.store.getRun(model.producerRunId).catch(() => undefined);
  const stepRun = model.producerStepRunId ? await context.store.getStepRun(model.producerStepRunId).catch(() => undefined) : undefined;
  return { runId: model.producerRunId, runName: run?.name ?? null, stepRunId: model.producerStepRunId ?? null, step: stepRun?.invocationId ?? null };
}

async function previewOf(context: ZenContext, model: ArtifactVersionModel): Promise<ArtifactDetails['visualization']> {
  const first = model.visualizations?.[0];
  if (!first) return null;
  try {
    const { artifactStoreById } = await import('../stack/artifact-store-factory.js');
    const store = await artifactStoreById(context, model.artifactStoreId);
    const dir = store.pathOf(model.uri);
    if (dir === undefined) throw new Error(`${model.uri} is not in artifact store ${store.root}`);
    const text = (await store.readFile(`${dir}/${first.file}`)).toString('utf8');
    const truncated = text.length > PREVIEW_LIMIT;
    return { type: first.type, file: first.file, preview: truncated ? text.slice(0, PREVIEW_LIMIT) : text, truncated };
  } catch (error) {
    // Metadata still helps when the files are gone; say why there is no preview.
    return { type: first.type, file: first.file, preview: null, truncated: false, error: (error as Error).message.split('\n')[0] };
  }
}
