const ARTIFACT_VERSION = Symbol.for('zenml.ArtifactVersion');

/** Brand set by the Client's ArtifactVersion, so a version passed to a step is an artifact input. */
export const artifactVersionBrand = ARTIFACT_VERSION;

export function isArtifactVersionLike(value: unknown): value is { id: string } {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ARTIFACT_VERSION] === true;
}
