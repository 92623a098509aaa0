import { Flags } from '../vendor/oclif.js';

/** A version number (1, 2, ...) or a custom version name (`v-alpha`), as `saveArtifact(..., { version })` sets them. */
export const artifactVersionFlag = Flags.string({ char: 'v', summary: 'Version number or name (default: the latest).' });
