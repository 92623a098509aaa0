import type { ArtifactFiles } from '../../core/artifact-store.js';
import { INLINE_VISUALIZATION_BYTES, type Visualization, type VisualizationType } from '../../core/materializer.js';

/**
 * A text visualization: small ones go in the version's record (no file to create, which
 * costs more than a scalar's own data file), larger ones into `file` in the folder.
 */
export async function writeTextVisualization(files: ArtifactFiles, type: Exclude<VisualizationType, 'image'>, file: string, text: string): Promise<Visualization> {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: measured exactly only near the limit.
  if (text.length * 3 <= INLINE_VISUALIZATION_BYTES || (text.length <= INLINE_VISUALIZATION_BYTES && Buffer.byteLength(text) <= INLINE_VISUALIZATION_BYTES)) {
    return { type, file, value: text };
  }
  await files.writeFile(file, text);
  return { type, file };
}
