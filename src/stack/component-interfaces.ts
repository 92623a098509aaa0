/**
 * Base interfaces of the optional component types. Flavors for them come with later
 * issues; the interfaces are here so plugin authors can implement them today.
 */

/** Where built images are pushed. */
export interface ContainerRegistry {
  readonly uri: string;
  /** Full image reference for a repository and tag in this registry. */
  imageReference(repository: string, tag: string): string;
  /** Pushes a built image named by imageReference(); resolves with its digest reference (`repo@sha256:...`). */
  push?(image: string): Promise<string>;
  /** Pulls an image of this registry; resolves false when the registry does not hold it. */
  pull?(image: string): Promise<boolean>;
}

/** Logs parameters and metrics of step runs to an external tracker. */
export interface ExperimentTracker {
  startRun(name: string): Promise<void>;
  logParams(params: Record<string, unknown>): Promise<void>;
  logMetrics(metrics: Record<string, number>, step?: number): Promise<void>;
  endRun(status: 'completed' | 'failed'): Promise<void>;
}

/** Serves models and tracks deployments. */
export interface ModelDeployer {
  deploy(request: { modelName: string; modelVersion: string; artifactUri: string; config?: Record<string, unknown> }): Promise<{ id: string; url?: string }>;
  stop(id: string): Promise<void>;
  list(): Promise<Array<{ id: string; modelName: string; url?: string; status: string }>>;
}

/** Runs single steps on dedicated infrastructure (e.g. a GPU machine). */
export interface StepOperator {
  /** Runs the given step-entrypoint command remotely and resolves with its exit code. */
  launch(request: { command: string[]; env: Record<string, string>; stepId: string }): Promise<number>;
}

/** Sends messages to people (chat, e-mail): the interface lives in core, so a step's context can hand one out. */
export type { Alerter, AlerterParams } from '../core/alerter.js';

/** Builds container images for remote orchestrators. */
export interface ImageBuilder {
  /** Builds `image` from a context folder (its Dockerfile, or `dockerfile` in it); resolves with the image reference. */
  build(request: { contextDir: string; dockerfile?: string; image: string }): Promise<string>;
  /** True when the image already exists where this builder builds (so a build can be skipped). */
  exists?(image: string): Promise<boolean>;
}
