import type { ArtifactVersionModel, ListFilter, PageRequest } from './entities.js';

/** Stages a model version can be in. `latest` is not a stage but selects the newest version. */
export const MODEL_STAGES = ['none', 'staging', 'production', 'archived'] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];
/** What `version: '<stage>'` may select: a stage or the `latest` pseudo-stage. */
export const SELECTABLE_STAGES = ['staging', 'production', 'archived', 'latest'] as const;
/** Stages only one version of a model may hold at a time. */
export const EXCLUSIVE_STAGES: readonly ModelStage[] = ['staging', 'production'];

/** How a linked artifact is used by the model version. */
export const MODEL_ARTIFACT_TYPES = ['data', 'model', 'deployment'] as const;
export type ModelArtifactType = (typeof MODEL_ARTIFACT_TYPES)[number];

/** The descriptive fields of a model card. */
export interface ModelCard {
  description?: string;
  license?: string;
  audience?: string;
  useCases?: string;
  limitations?: string;
  tradeOffs?: string;
  ethics?: string;
}

export interface ModelModel extends ModelCard {
  id: string;
  name: string;
  created: string;
  updated: string;
  latestVersion?: number;
  versionCount: number;
  tags: string[];
}

export interface ModelVersionModel {
  id: string;
  modelId: string;
  modelName: string;
  /** 1, 2, 3... per model. */
  number: number;
  /** Defaults to the number as text. */
  name: string;
  description?: string;
  stage: ModelStage;
  /** Who moved it to its current stage, and when. */
  stageChangedBy?: string;
  stageChangedAt?: string;
  /** The run that created this version (a run under a model with no version given). */
  producerRunId?: string;
  created: string;
  updated: string;
  tags: string[];
}

export interface ModelVersionArtifactModel {
  modelVersionId: string;
  type: ModelArtifactType;
  linked: string;
  artifactVersion: ArtifactVersionModel;
}

export interface StageTransitionModel {
  modelVersionId: string;
  from: ModelStage;
  to: ModelStage;
  by: string;
  at: string;
}

export interface TagModel {
  id: string;
  name: string;
  color?: string;
  created: string;
  /** How many resources carry it. */
  resourceCount: number;
}

/** Colours the dashboard can draw a tag in (ZenML's ColorVariants). */
export const TAG_COLORS = ['grey', 'purple', 'red', 'green', 'yellow', 'orange', 'lime', 'teal', 'turquoise', 'magenta', 'blue'] as const;

export interface NewModel extends ModelCard {
  name: string;
  tags?: string[];
}

export interface ModelUpdate extends ModelCard {
  name?: string;
  addTags?: string[];
  removeTags?: string[];
}

export interface ModelFilter extends ListFilter {
  tag?: string;
}

export interface NewModelVersion {
  name?: string;
  description?: string;
  tags?: string[];
  /** The run creating it implicitly; at most one version per model and run. */
  producerRunId?: string;
}

export interface ModelVersionUpdate {
  name?: string;
  description?: string;
  stage?: ModelStage;
  /** Promote onto an occupied stage, archiving its holder. */
  force?: boolean;
  /** Recorded with a stage change. */
  actor?: string;
  addTags?: string[];
  removeTags?: string[];
}

export interface ModelVersionFilter extends ListFilter {
  /** Model name or id. */
  model?: string;
  stage?: ModelStage;
  tag?: string;
}

export interface ModelVersionArtifactFilter extends PageRequest {
  type?: ModelArtifactType;
}

export type TagFilter = ListFilter;
