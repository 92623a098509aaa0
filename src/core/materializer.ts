import type { ArtifactFiles } from './artifact-store.js';

/** What an artifact is for; models and deployments are treated specially by the model control plane. */
export type ArtifactType = 'data' | 'model' | 'deployment' | 'schema' | 'statistics' | 'service';

/** A metadata value with its kind, so the dashboard and CLI can render it. */
export type MetadataValue =
  | string
  | number
  | boolean
  | null
  | MetadataValue[]
  | { [key: string]: MetadataValue }
  | { type: 'uri'; value: string }
  | { type: 'storage_size'; value: number };

/** ZenML's VisualizationType plus plain text; `image` files are PNG or SVG (told apart by their extension). */
export type VisualizationType = 'markdown' | 'csv' | 'text' | 'html' | 'json' | 'image';

/** Every visualization type, in one place for schemas and checks. */
export const VISUALIZATION_TYPES: readonly VisualizationType[] = ['markdown', 'csv', 'text', 'html', 'json', 'image'];

export interface Visualization {
  type: VisualizationType;
  /** File name inside the artifact folder (for a visualization held in `value`: the name it is saved under). */
  file: string;
  /**
   * The content itself, for small text visualizations (at most INLINE_VISUALIZATION_BYTES of
   * UTF-8): stored with the version's record instead of as a file, and read back as the file
   * would be. Never set for images.
   */
  value?: string;
}

/**
 * Largest text visualization kept in the version's record rather than in a file: a file
 * each costs a scalar artifact more than its data does (see builtins/visualization-files.ts).
 */
export const INLINE_VISUALIZATION_BYTES = 1024;

/**
 * Writes a value of some type into an artifact folder and reads it back. The id is stored
 * with every artifact version, so loading never needs the TypeScript type.
 */
export interface Materializer<T = unknown> {
  /** Stable id recorded on artifact versions, e.g. `zenml.number`. Never change a published id. */
  readonly id: string;
  /** Default artifact type of what this materializer writes. */
  readonly artifactType?: ArtifactType;
  canHandle(value: unknown): boolean;
  /** The data type recorded on the version, e.g. `number`, `Float32Array`, `arrow.Table`. */
  dataType(value: T): string;
  save(value: T, files: ArtifactFiles): Promise<void>;
  load(files: ArtifactFiles): Promise<T>;
  extractMetadata?(value: T): Record<string, MetadataValue>;
  saveVisualizations?(value: T, files: ArtifactFiles): Promise<Visualization[]>;
  /** A hash of the content, when cheap enough to compute; enters cache keys of consumers. */
  contentHash?(value: T): string | undefined;
}

/** Convenience base class: implement the abstract parts, override the optional ones. */
export abstract class BaseMaterializer<T = unknown> implements Materializer<T> {
  abstract readonly id: string;
  readonly artifactType: ArtifactType = 'data';
  abstract canHandle(value: unknown): boolean;
  abstract save(value: T, files: ArtifactFiles): Promise<void>;
  abstract load(files: ArtifactFiles): Promise<T>;

  dataType(value: T): string {
    if (value === null) return 'null';
    if (typeof value === 'object') return (value as object).constructor?.name ?? 'Object';
    return typeof value;
  }

  extractMetadata(_value: T): Record<string, MetadataValue> {
    return {};
  }

  async saveVisualizations(_value: T, _files: ArtifactFiles): Promise<Visualization[]> {
    return [];
  }
}
