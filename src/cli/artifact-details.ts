import type { ArtifactVersionModel } from '../core/entities.js';
import type { Client } from '../sdk/client.js';

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
export async function artifactDetails(client: Client, nameOrId: string, version?: number | string): Promise<ArtifactDetails> {
  const model = (await client.getArtifactVersion(nameOrId, version)).toJSON();
  const [producer, metadata, visualization] = await Promise.all([producerOf(client, model), client.getRunMetadata('artifact_version', model.id), previewOf(client, model)]);
  return {
    ...model,
    producer,
    metadata: Object.fromEntries(Object.entries(metadata).map(([key, entry]) => [key, entry.value])),
    visualization,
  };
}

async function producerOf(client: Client, model: ArtifactVersionModel): Promise<ArtifactDetails['producer']> {
  if (!model.producerRunId) return null;
  // The producing run may have been deleted since; the version outlives it.
  const run = await client.getPipelineRun(model.producerRunId).catch(() => undefined);
  const stepRun = model.producerStepRunId ? await client.getRunStep(model.producerStepRunId).catch(() => undefined) : undefined;
  return { runId: model.producerRunId, runName: run?.name ?? null, stepRunId: model.producerStepRunId ?? null, step: stepRun?.invocationId ?? null };
}

async function previewOf(client: Client, model: ArtifactVersionModel): Promise<ArtifactDetails['visualization']> {
  // The first one a terminal can show: images are binary (see `zenml artifact visualize`).
  const first = model.visualizations?.find((visualization) => visualization.type !== 'image');
  if (!first) return null;
  try {
    // Small text visualizations are kept in the version's record, not in a file.
    const text = first.value ?? (await client.readArtifactVersionFile(model, first.file)).toString('utf8');
    const truncated = text.length > PREVIEW_LIMIT;
    return { type: first.type, file: first.file, preview: truncated ? text.slice(0, PREVIEW_LIMIT) : text, truncated };
  } catch (error) {
    // Metadata still helps when the files are gone; say why there is no preview.
    return { type: first.type, file: first.file, preview: null, truncated: false, error: (error as Error).message.split('\n')[0] };
  }
}
