import { ArtifactVersion } from '../artifacts/artifact-version.js';
import { UsageError } from '../core/errors.js';
import type { MetadataValue } from '../core/materializer.js';
import type { ModelReference } from '../core/step-config.js';
import { getZenContext, type ZenContext } from '../context/zen-context.js';
import type { MetadataEntry } from '../core/entities.js';
import { currentActor } from './actor.js';
import { findLinkedArtifact } from './artifact-lookup.js';
import type { ModelArtifactInput } from './lazy-artifact.js';
import { SELECTABLE_STAGES, type ModelCard, type ModelStage, type ModelVersionModel } from '../core/model-entities.js';

export interface ModelConfig extends ModelCard {
  name: string;
  /** A version number, name, or stage (`staging`, `production`, `latest`, `archived`); omitted = a new version per run. */
  version?: string | number;
  tags?: string[];
}

/** The reference a step or pipeline config stores: which model, which version, and the card for a new model. */
export type ModelSpec = ModelReference & ModelCard & { tags?: string[] };

export function checkModelReference(ref: ModelReference, where = 'model'): void {
  if (!ref || typeof ref.name !== 'string' || !ref.name) throw new UsageError(`The ${where} config needs a name: { name: 'my_model' }.`);
  const { version } = ref;
  if (version === undefined || version === null) return;
  if (typeof version === 'number') {
    if (!Number.isInteger(version) || version < 1) throw new UsageError(`Model '${ref.name}': version ${version} is not a version number (1, 2, 3...).`);
  } else if (typeof version !== 'string' || !version.trim()) {
    throw new UsageError(`Model '${ref.name}': version must be a number, a version name or a stage (${SELECTABLE_STAGES.join(', ')}).`);
  }
}

/**
 * A model, and optionally one of its versions. As `model:` in a step or pipeline config it
 * says which version a run works under; in code it reads and changes that version.
 *
 *   new Model({ name: 'iris', license: 'MIT' })          // a new version for each run
 *   Model.fromStage('iris', 'production').getArtifact('classifier')
 */
export class Model {
  readonly name: string;
  readonly version?: string | number;
  readonly description?: string;
  readonly license?: string;
  readonly audience?: string;
  readonly useCases?: string;
  readonly limitations?: string;
  readonly tradeOffs?: string;
  readonly ethics?: string;
  readonly tags: string[];
  private bound?: ModelVersionModel;

  constructor(config: ModelConfig) {
    checkModelReference(config);
    this.name = config.name;
    this.version = config.version;
    this.description = config.description;
    this.license = config.license;
    this.audience = config.audience;
    this.useCases = config.useCases;
    this.limitations = config.limitations;
    this.tradeOffs = config.tradeOffs;
    this.ethics = config.ethics;
    this.tags = [...(config.tags ?? [])];
    Object.defineProperty(this, 'bound', { enumerable: false, writable: true });
  }

  /** The version of `name` in a stage (`production`, `staging`, `archived`) or the `latest` one. */
  static fromStage(name: string, stage: 'staging' | 'production' | 'archived' | 'latest'): Model {
    if (!(SELECTABLE_STAGES as readonly string[]).includes(stage)) {
      throw new UsageError(`Unknown stage '${stage}'.`, `Stages: ${SELECTABLE_STAGES.join(', ')}.`);
    }
    return new Model({ name, version: stage });
  }

  /** @internal A Model pinned to a stored version (what getStepContext().model is). */
  static forVersion(version: ModelVersionModel, card: ModelCard & { tags?: string[] } = {}): Model {
    const model = new Model({ ...card, name: version.modelName, version: version.number });
    model.bound = version;
    return model;
  }

  /** Id of the pinned version (known inside a step, or after getModelVersion()). */
  get id(): string | undefined {
    return this.bound?.id;
  }

  get number(): number | undefined {
    return this.bound?.number;
  }

  get stage(): ModelStage | undefined {
    return this.bound?.stage;
  }

  toReference(): ModelSpec {
    const spec: ModelSpec = { name: this.name };
    if (this.version !== undefined) spec.version = this.version;
    for (const key of ['description', 'license', 'audience', 'useCases', 'limitations', 'tradeOffs', 'ethics'] as const) {
      if (this[key] !== undefined) spec[key] = this[key];
    }
    if (this.tags.length > 0) spec.tags = [...this.tags];
    return spec;
  }

  toJSON(): ModelSpec & { id?: string; number?: number; stage?: ModelStage } {
    return { ...this.toReference(), ...(this.bound ? { id: this.bound.id, number: this.bound.number, stage: this.bound.stage } : {}) };
  }

  /** The stored version this model points at (the newest when no version is set). */
  async getModelVersion(): Promise<ModelVersionModel> {
    const { store } = await getZenContext();
    if (this.bound) return (this.bound = await store.getModelVersionById(this.bound.id));
    return store.getModelVersion(this.name, this.version);
  }

  /**
   * An artifact linked to this model version, by artifact name or output name. Awaited, it is
   * the artifact version; passed to a step in a pipeline, it is looked up when that step runs.
   */
  getArtifact<T = any>(name: string): ModelArtifactReference<T> {
    if (!name) throw new UsageError('getArtifact(name) needs the name of an artifact linked to the model.');
    const version = this.bound ? this.bound.id : this.version;
    return new ModelArtifactReference<T>({ model: this.name, version, artifact: name });
  }

  async loadArtifact<T = any>(name: string): Promise<T> {
    return (await this.getArtifact<T>(name).resolve()).load();
  }

  /** Attaches metadata to this model version. */
  async logMetadata(metadata: Record<string, MetadataValue>): Promise<void> {
    const { store } = await getZenContext();
    await store.addMetadata('model_version', (await this.getModelVersion()).id, metadata);
  }

  /** This model version's metadata (latest value per key). */
  async getMetadata(): Promise<Record<string, MetadataEntry>> {
    const { store } = await getZenContext();
    return store.getMetadata('model_version', (await this.getModelVersion()).id);
  }

  /**
   * Moves this version to a stage. Staging and production hold one version each: promoting
   * onto an occupied one fails unless `force`, which archives the previous holder.
   */
  async setStage(stage: ModelStage, options: { force?: boolean } = {}): Promise<ModelVersionModel> {
    const { store } = await getZenContext();
    const updated = await store.updateModelVersion((await this.getModelVersion()).id, { stage, force: options.force, actor: currentActor() });
    if (this.bound) this.bound = updated;
    return updated;
  }
}

/** A lazily resolved artifact of a model version: awaitable, or an artifact input of a step. */
export class ModelArtifactReference<T = any> implements ModelArtifactInput<T>, PromiseLike<ArtifactVersion<T>> {
  declare readonly __valueType?: T;

  constructor(readonly modelArtifact: { model: string; version?: string | number; artifact: string }) {}

  async resolve(context?: ZenContext): Promise<ArtifactVersion<T>> {
    const ctx = context ?? (await getZenContext());
    const version = await resolveModelArtifact(ctx, this.modelArtifact);
    const { artifactStoreLocator } = await import('../stack/artifact-store-factory.js');
    return new ArtifactVersion<T>(version, artifactStoreLocator(ctx));
  }

  async load(): Promise<T> {
    return (await this.resolve()).load();
  }

  then<A = ArtifactVersion<T>, B = never>(onFulfilled?: ((value: ArtifactVersion<T>) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    return this.resolve().then(onFulfilled, onRejected);
  }

  toJSON() {
    return { modelArtifact: this.modelArtifact };
  }
}

/** Finds the artifact version a model-artifact reference points at, as of now. */
export async function resolveModelArtifact(context: ZenContext, spec: { model: string; version?: string | number; artifact: string }) {
  const { store } = context;
  const version = await store.getModelVersion(spec.model, spec.version);
  return findLinkedArtifact(store, version, spec.artifact);
}
