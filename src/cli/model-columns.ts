import type { ModelModel, ModelVersionArtifactModel, ModelVersionModel, TagModel } from '../core/model-entities.js';
import type { Column } from './output.js';

export const modelColumns: Column<ModelModel>[] = [
  { header: 'name', get: (m) => m.name },
  { header: 'latest', get: (m) => m.latestVersion },
  { header: 'versions', get: (m) => m.versionCount },
  { header: 'license', get: (m) => m.license },
  { header: 'tags', get: (m) => m.tags },
  { header: 'updated', get: (m) => m.updated, kind: 'date' },
  { header: 'id', get: (m) => m.id, kind: 'id' },
];

export const modelVersionColumns: Column<ModelVersionModel>[] = [
  { header: 'model', get: (v) => v.modelName },
  { header: 'number', get: (v) => v.number },
  { header: 'name', get: (v) => v.name },
  { header: 'stage', get: (v) => v.stage },
  { header: 'tags', get: (v) => v.tags },
  { header: 'created', get: (v) => v.created, kind: 'date' },
  { header: 'id', get: (v) => v.id, kind: 'id' },
];

export const modelVersionArtifactColumns: Column<ModelVersionArtifactModel>[] = [
  { header: 'type', get: (l) => l.type },
  { header: 'artifact', get: (l) => l.artifactVersion.name },
  { header: 'version', get: (l) => l.artifactVersion.version },
  { header: 'data type', get: (l) => l.artifactVersion.dataType },
  { header: 'size', get: (l) => l.artifactVersion.size, kind: 'bytes' },
  { header: 'linked', get: (l) => l.linked, kind: 'date' },
  { header: 'id', get: (l) => l.artifactVersion.id, kind: 'id' },
];

export const tagColumns: Column<TagModel>[] = [
  { header: 'name', get: (t) => t.name },
  { header: 'color', get: (t) => t.color },
  { header: 'used by', get: (t) => t.resourceCount },
  { header: 'created', get: (t) => t.created, kind: 'date' },
  { header: 'id', get: (t) => t.id, kind: 'id' },
];
