import { UsageError } from './errors.js';

/**
 * An artifact version is a number the store counts up (1, 2, 3, gap-free per name) or a
 * name the user chose, as in ZenML. A chosen name must not look like a number: '3' would
 * be ambiguous with version 3.
 */
export type ArtifactVersionRef = number | string;

/** Checks a custom version name; an error that says what to do otherwise. */
export function checkCustomVersionName(version: unknown, artifactName: string): string {
  if (typeof version !== 'string' || version.trim() === '') {
    throw new UsageError(`Artifact '${artifactName}': a custom version must be a non-empty string.`, "Omit it to get the next number, or pass a name like 'v-alpha'.");
  }
  if (/^\d+$/.test(version)) {
    throw new UsageError(
      `Artifact '${artifactName}': custom version '${version}' is all digits, which would be confused with the numbered versions.`,
      `Omit the version to get the next number, or use a name such as 'v${version}'.`,
    );
  }
  if (version !== version.trim() || version.length > 255) {
    throw new UsageError(`Artifact '${artifactName}': custom version '${version}' must have no leading or trailing spaces and at most 255 characters.`);
  }
  return version;
}

/** A version given on the command line or in code: all digits means the number. */
export function parseVersionRef(version: ArtifactVersionRef): ArtifactVersionRef {
  if (typeof version === 'string' && /^\d+$/.test(version)) return Number(version);
  return version;
}
