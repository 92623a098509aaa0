import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { VisualizationType } from '../core/materializer.js';
import type { Client } from '../sdk/client.js';

/** What `zenml artifact visualize --json` prints: the file written, or the text for text kinds. */
export interface VisualizeResult {
  type: VisualizationType;
  file?: string;
  value?: string;
}

export interface VisualizeRequest {
  nameOrId: string;
  version?: string;
  index: number;
  /** Where to write the file; without it text kinds are printed and html/images go to a temp file. */
  output?: string;
}

/** Kinds a terminal cannot show: written to a file even without --output. */
const NEEDS_FILE = new Set<VisualizationType>(['html', 'image']);
const EXTENSIONS: Record<VisualizationType, string> = { markdown: '.md', csv: '.csv', text: '.txt', html: '.html', json: '.json', image: '' };

/**
 * Reads one visualization through the Client (the artifact store of the version, with no
 * size limit since nothing is held for a browser) and writes it to `output` (atomically),
 * to a temp file for html and images, or returns the text to print.
 */
export async function visualizeArtifact(client: Client, request: VisualizeRequest): Promise<VisualizeResult> {
  if (request.output !== undefined) await checkOutputPath(request.output);
  const version = await client.getArtifactVersion(request.nameOrId, request.version);
  const visualization = await version.visualizationFile(request.index, { maxBytes: Infinity });
  if (request.output === undefined && !NEEDS_FILE.has(visualization.type)) return { type: visualization.type, value: visualization.data.toString('utf8') };
  const target = request.output !== undefined ? resolve(request.output) : join(tmpdir(), 'zenml-visualizations', `${version.id}-${request.index}${EXTENSIONS[visualization.type] || extname(visualization.file)}`);
  if (request.output === undefined) await mkdir(dirname(target), { recursive: true });
  await writeAtomically(target, visualization.data);
  return { type: visualization.type, file: target };
}

/** Refuses, before anything is read, an --output that is empty, a folder, or in a folder that does not exist. */
async function checkOutputPath(output: string): Promise<void> {
  if (output.trim() === '') throw new UsageError('--output needs a file name.', 'e.g. --output chart.svg');
  const path = resolve(output);
  if ((await stat(path).catch(() => undefined))?.isDirectory()) throw new UsageError(`--output ${output} is a folder.`, `Name a file in it, e.g. --output ${join(output, 'visualization.html')}.`);
  if (!(await stat(dirname(path)).catch(() => undefined))?.isDirectory()) throw new UsageError(`--output ${output}: the folder ${dirname(path)} does not exist.`, 'Create it first, or pick another path.');
}

/** A temp file beside the target, then a rename: a reader never sees half a picture. */
async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
