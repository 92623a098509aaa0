import type { ArtifactFiles } from '../../core/artifact-store.js';
import type { Visualization } from '../../core/materializer.js';
import { writeTextVisualization } from './inline-visualization.js';

const PREVIEW_FILE = 'preview.txt';
const MAX_PREVIEW_CHARS = 2000;

/** Writes a short text preview so the dashboard never has to load the artifact itself. */
export async function writeTextPreview(files: ArtifactFiles, text: string): Promise<Visualization[]> {
  const preview = text.length > MAX_PREVIEW_CHARS ? `${text.slice(0, MAX_PREVIEW_CHARS)}…` : text;
  return [await writeTextVisualization(files, 'text', PREVIEW_FILE, preview)];
}

/** JSON.stringify that also accepts bigints, for previews only. */
export function previewJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v), indent) ?? String(value);
}
