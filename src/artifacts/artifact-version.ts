import type { ArtifactType, Visualization } from '../core/materializer.js';
import { artifactVersionBrand } from '../core/artifact-brand.js';
import { lazyImport } from '../core/lazy-import.js';
import type { ArtifactVersionModel } from '../core/entities.js';
import type { ArtifactStoreLocator } from '../core/artifact-store.js';
import type { LoadedVisualization, ReadVisualizationOptions, VisualizationFile } from './visualization.js';

const loadModule = lazyImport(() => import('./load.js'));
const visualizationModule = lazyImport(() => import('./visualization.js'));

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
  /** 1, 2, 3... or the custom version name it was saved under. */
  version!: number | string;
  uri!: string;
  artifactStoreId!: string;
  materializer!: string;
  dataType!: string;
  type!: ArtifactType;
  contentHash?: string;
  /** SHA-256 of each file as written, checked by load(); absent on versions written before. */
  fileHashes?: Record<string, string>;
  size?: number;
  producerStepRunId?: string;
  producerRunId?: string;
  visualizations!: Visualization[];
  created!: string;
  tags!: string[];

  constructor(
    model: ArtifactVersionModel,
    private readonly locateStore: ArtifactStoreLocator,
  ) {
    Object.assign(this, model);
    Object.defineProperty(this, 'locateStore', { enumerable: false });
  }

  /** Reads the value back through the materializer recorded with this version. */
  async load(): Promise<T> {
    const { loadArtifactValue } = await loadModule();
    return (await loadArtifactValue(await this.locateStore(this.artifactStoreId), this)) as T;
  }

  /**
   * Visualization `index` (0-based) the materializer attached, ready to render: text, or a
   * `data:image/...;base64,` URL for images (ZenML's ArtifactVersionResponse.visualize()).
   */
  async visualize(index = 0, options?: ReadVisualizationOptions): Promise<LoadedVisualization> {
    const { readArtifactVisualization, toLoadedVisualization } = await visualizationModule();
    return toLoadedVisualization(await readArtifactVisualization(await this.locateStore(this.artifactStoreId), this, index, options));
  }

  /** The stored file behind visualization `index`, as bytes (to save an image or page elsewhere). */
  async visualizationFile(index = 0, options?: ReadVisualizationOptions): Promise<VisualizationFile> {
    const { readArtifactVisualization } = await visualizationModule();
    return readArtifactVisualization(await this.locateStore(this.artifactStoreId), this, index, options);
  }

  toJSON(): ArtifactVersionModel {
    const { locateStore: _locateStore, ...rest } = this as unknown as Record<string, unknown>;
    return rest as unknown as ArtifactVersionModel;
  }
}
