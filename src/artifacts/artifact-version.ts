import type { ArtifactType, Visualization } from '../materializers/types.js';
import { artifactVersionBrand } from '../sdk/artifact-input.js';
import type { ArtifactVersionModel } from '../store/models.js';
import type { ZenContext } from '../sdk/zen-context.js';

/**
 * A stored artifact version as the SDK hands it out: its record plus `load()`. Passing one
 * to a step inside a pipeline makes it an artifact input of that step.
 */
export class ArtifactVersion<T = any> implements ArtifactVersionModel {
  readonly [artifactVersionBrand] = true;
  declare readonly __valueType?: T;
  id!: string;
  artifactId!: string;
  name!: string;
  version!: number;
  uri!: string;
  artifactStoreId!: string;
  materializer!: string;
  dataType!: string;
  type!: ArtifactType;
  contentHash?: string;
  size?: number;
  producerStepRunId?: string;
  producerRunId?: string;
  visualizations!: Visualization[];
  created!: string;
  tags!: string[];

  constructor(
    model: ArtifactVersionModel,
    private readonly context: () => Promise<ZenContext>,
  ) {
    Object.assign(this, model);
    Object.defineProperty(this, 'context', { enumerable: false });
  }

  /** Reads the value back through the materializer recorded with this version. */
  async load(): Promise<T> {
    const { loadArtifactValue } = await import('./load.js');
    return (await loadArtifactValue(await this.context(), this)) as T;
  }

  toJSON(): ArtifactVersionModel {
    const { context: _context, ...rest } = this as unknown as Record<string, unknown>;
    return rest as unknown as ArtifactVersionModel;
  }
}
