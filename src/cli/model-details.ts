import type { MetadataValue } from '../core/materializer.js';
import type { ModelArtifactType, ModelModel, ModelStage, ModelVersionModel, StageTransitionModel } from '../core/model-entities.js';
import type { Client } from '../sdk/client.js';

export interface ModelDetails extends ModelModel {
  /** Version number per occupied stage. */
  stages: Partial<Record<ModelStage, number>>;
}

export interface ModelVersionDetails extends ModelVersionModel {
  /** Latest value per key; typed values keep their `{ type, value }` form. */
  metadata: Record<string, MetadataValue>;
  /** Kind of each metadata value: int, float, string, bool, json, uri, storage_size. */
  metadataTypes: Record<string, string>;
  artifacts: Record<ModelArtifactType, number>;
  runs: number;
  stageHistory: StageTransitionModel[];
}

export async function modelDetails(client: Client, nameOrId: string): Promise<ModelDetails> {
  const model = await client.getModel(nameOrId);
  const stages: ModelDetails['stages'] = {};
  for (const stage of ['staging', 'production'] as const) {
    const held = await client.listModelVersions({ model: model.id, stage, size: 1 });
    if (held.items[0]) stages[stage] = held.items[0].number;
  }
  return { ...model, stages };
}

export async function modelVersionDetails(client: Client, model: string, version: string): Promise<ModelVersionDetails> {
  const found = await client.getModelVersion(model, version);
  const [metadata, stageHistory, runs, ...counts] = await Promise.all([
    client.getRunMetadata('model_version', found.id),
    client.listModelVersionStageTransitions(found.modelId, found.id),
    client.listModelVersionRuns(found.modelId, found.id, { size: 1 }),
    ...(['data', 'model', 'deployment'] as const).map((type) => client.listModelVersionArtifacts(found.modelId, found.id, { type, size: 1 })),
  ]);
  return {
    ...found,
    metadata: Object.fromEntries(Object.entries(metadata).map(([key, entry]) => [key, entry.value])),
    metadataTypes: Object.fromEntries(Object.entries(metadata).map(([key, entry]) => [key, entry.type])),
    artifacts: { data: counts[0].total, model: counts[1].total, deployment: counts[2].total },
    runs: runs.total,
    stageHistory,
  };
}
