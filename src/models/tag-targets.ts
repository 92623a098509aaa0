import type { TaggableResourceType } from '../core/entities.js';
import type { ZenStore } from '../store/zen-store.js';

/** A taggable thing as a user names it: a name or id, plus a version for versioned kinds. */
export interface TagTarget {
  nameOrId: string;
  /** Artifact version number, or model version (number, name, stage). */
  version?: string | number;
}

/** The id of a taggable resource, or a NotFoundError naming what is missing. */
export async function resolveTagTarget(store: ZenStore, type: TaggableResourceType, target: TagTarget): Promise<string> {
  switch (type) {
    case 'pipeline':
      return (await store.getPipeline(target.nameOrId)).id;
    case 'pipeline_run':
      return (await store.getRun(target.nameOrId)).id;
    case 'artifact':
      return (await store.getArtifact(target.nameOrId)).id;
    case 'artifact_version':
      return (await store.getArtifactVersion(target.nameOrId, target.version === undefined ? undefined : Number(target.version))).id;
    case 'model':
      return (await store.getModel(target.nameOrId)).id;
    case 'model_version':
      return (await store.getModelVersion(target.nameOrId, target.version)).id;
  }
}
