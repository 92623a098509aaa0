/**
 * Reading the visualizations a materializer attached to an artifact version (ZenML's
 * load_artifact_visualization): the file comes from the version's artifact store (small
 * text ones from the version's record), text as text and images as a data URL, so a browser
 * shows them without another request.
 */
import { extname } from 'node:path';
import type { ArtifactStore } from '../core/artifact-store.js';
import type { ArtifactVersionModel } from '../core/entities.js';
import { NotFoundError, UsageError, ZenError } from '../core/errors.js';
import type { VisualizationType } from '../core/materializer.js';
import { matchesFileHash } from './file-hashes.js';

/** What the dashboard renders: `value` is the file's text, or a `data:image/...;base64,` URL for images. */
export interface LoadedVisualization {
  type: VisualizationType;
  value: string;
}

/** A visualization file as stored, for writing it elsewhere (`zenml artifact visualize --output`). */
export interface VisualizationFile {
  type: VisualizationType;
  /** File name inside the version's folder, e.g. `chart.svg`. */
  file: string;
  /** For images: `image/png`, `image/svg+xml`, ...; undefined for text. */
  mimeType?: string;
  data: Buffer;
}

/**
 * Largest visualization file read by default (10 MiB): the server sends it in one response
 * (images grow by a third as base64) and the browser renders it in one go.
 */
export const MAX_VISUALIZATION_BYTES = 10 * 1024 * 1024;

export interface ReadVisualizationOptions {
  /** Refuse files larger than this many bytes (default MAX_VISUALIZATION_BYTES; Infinity for none). */
  maxBytes?: number;
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** A visualization over the size limit: 413, the server will not send that much in one answer. */
export class VisualizationTooLargeError extends ZenError {
  readonly statusCode = 413;

  constructor(message: string, hint: string) {
    super(message, { hint });
    this.name = 'VisualizationTooLargeError';
  }
}

/** Reads visualization `index` (0-based) of a version from its artifact store, checking its size and recorded hash. */
export async function readArtifactVisualization(store: ArtifactStore, version: ArtifactVersionModel, index = 0, options: ReadVisualizationOptions = {}): Promise<VisualizationFile> {
  const label = `Artifact '${version.name}' version ${version.version}`;
  const visualizations = version.visualizations ?? [];
  if (visualizations.length === 0) {
    throw new NotFoundError(`${label} has no visualizations.`, `Its materializer (${version.materializer}) attaches none, or the step that produced it ran with enableArtifactVisualization: false.`);
  }
  if (!Number.isInteger(index) || index < 0 || index >= visualizations.length) {
    const listed = visualizations.map((visualization, i) => `${i}: ${visualization.type} ${visualization.file}`).join(', ');
    throw new UsageError(`${label} has ${visualizations.length} visualization${visualizations.length === 1 ? '' : 's'} (${listed}); there is no index ${index}.`, `Pick an index from 0 to ${visualizations.length - 1}.`);
  }
  const { type, file, value } = visualizations[index];
  // Small text kept in the version's record (see INLINE_VISUALIZATION_BYTES): no file to read.
  if (typeof value === 'string' && type !== 'image') return { type, file, data: Buffer.from(value, 'utf8') };
  const dir = store.pathOf(version.uri);
  if (dir === undefined) {
    throw new ZenError(`${label} is stored at ${version.uri}, outside artifact store ${store.root} as this process sees it.`, {
      hint: 'A local artifact store is a folder on the machine that ran the step: read it there, or use an artifact store every machine reaches (e.g. s3).',
    });
  }
  const path = `${dir}/${file}`;
  const limit = options.maxBytes ?? MAX_VISUALIZATION_BYTES;
  let size: number;
  try {
    size = await store.size(path);
  } catch (error) {
    throw new ZenError(`The file ${file} of ${label} (visualization ${index}) cannot be read from ${version.uri}: ${firstLine(error)}`, {
      hint: 'It was deleted outside zenml, or the artifact store is out of reach.',
      cause: error,
    });
  }
  if (size > limit) {
    throw new VisualizationTooLargeError(
      `Visualization ${index} of ${label} (${type}, ${file}) is ${megabytes(size)}, over the ${megabytes(limit)} that is read at once.`,
      `Save it to a file instead: zenml artifact visualize ${version.id} --index ${index} --output FILE.`,
    );
  }
  const data = await store.readFile(path);
  const recorded = version.fileHashes?.[file];
  if (recorded && !(await matchesFileHash(data, recorded))) {
    throw new ZenError(`The file ${file} of ${label} no longer matches the hash recorded when it was written.`, {
      hint: 'Restore the folder from a backup, or delete this version and re-run the step that produced it.',
    });
  }
  return { type, file, data, ...(type === 'image' ? { mimeType: imageMimeType(file, data, label) } : {}) };
}

/** The JSON the server answers and the dashboard renders: text as UTF-8, images as a data URL. */
export function toLoadedVisualization(file: VisualizationFile): LoadedVisualization {
  if (file.type === 'image') return { type: 'image', value: `data:${file.mimeType};base64,${file.data.toString('base64')}` };
  return { type: file.type, value: file.data.toString('utf8') };
}

/** By extension, else by content (PNG signature, SVG markup), as materializers name their files freely. */
function imageMimeType(file: string, data: Buffer, label: string): string {
  const byExtension = IMAGE_TYPES[extname(file).toLowerCase()];
  if (byExtension) return byExtension;
  if (data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (/<svg[\s>]/i.test(data.subarray(0, 1024).toString('utf8'))) return 'image/svg+xml';
  throw new ZenError(`The image ${file} of ${label} is neither PNG nor SVG (nor JPEG, GIF or WebP by its extension).`, {
    hint: 'Name image visualizations .png or .svg in the materializer.',
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
