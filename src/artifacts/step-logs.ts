import { randomUUID } from 'node:crypto';
import type { ArtifactStore } from '../core/artifact-store.js';
import { Redactor } from '../core/redaction.js';

/**
 * A step run's log in the artifact store: a folder of chunk files written while the step
 * runs, so a step that crashes keeps what it printed and another machine can follow it.
 * Object stores cannot append, so each flush is a new object. A chunk's name carries its
 * sequence number and its byte length (`000001-1834.log`): a reader that catches a chunk
 * still being written (a local file is created before its bytes land) sees fewer bytes
 * than the name promises and reads it again later.
 */
export const LOGS_DIR = 'logs';

/** How long captured output may wait in memory before it is written, and how much of it. */
export const FLUSH_INTERVAL_MS = 1000;
export const FLUSH_BYTES = 64 * 1024;

/** A fresh log folder for one step run of `runId` (its id is not known before the row exists). */
export function newStepLogsPath(runId: string): string {
  return `${LOGS_DIR}/${runId}/${randomUUID()}`;
}

/**
 * Collects a step's output and writes it as chunks: every FLUSH_INTERVAL_MS while output
 * keeps coming, at once past FLUSH_BYTES, and a last time on close. Nothing is written for
 * a step that prints nothing. Writing never fails the step: a chunk that cannot be written
 * is reported once on stderr and the log goes on with the next.
 */
export class StepLogWriter {
  private pending: string[] = [];
  private pendingBytes = 0;
  private sequence = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private warned = false;
  private redactor = Redactor.none;
  /** Redacted text held back because a secret may continue in the next write. */
  private heldBack = '';

  constructor(
    private readonly store: ArtifactStore,
    readonly path: string,
    /** Chunks already in the folder (a log carried on by a later attempt): the next one follows them. */
    chunksBefore = 0,
  ) {
    this.sequence = chunksBefore;
  }

  get uri(): string {
    return this.store.uri(this.path);
  }

  /** The secret values to replace with `****` before anything is stored. */
  useRedactor(redactor: Redactor): void {
    this.redactor = redactor;
  }

  /** What the step's output may show elsewhere (the terminal): the same text, redacted. */
  redact(text: string): string {
    return this.redactor.text(text);
  }

  write(text: string): void {
    if (this.closed || text.length === 0) return;
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
      // Never what keeps a process alive: the step itself does that while it runs.
      this.timer.unref();
    }
  }

  /** Starts writing what is pending as the next chunk; resolves when every chunk so far is stored. */
  flush(final = false): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    let text = this.heldBack + this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.heldBack = '';
    if (this.redactor.active) {
      text = this.redactor.text(text);
      // A secret split across two flushes would escape the redaction: keep its possible start.
      if (!final && this.redactor.longest > 1) {
        const keep = Math.min(text.length, this.redactor.longest - 1);
        this.heldBack = text.slice(text.length - keep);
        text = text.slice(0, text.length - keep);
      }
    }
    if (text.length > 0) {
      const data = Buffer.from(text, 'utf8');
      const name = chunkName(++this.sequence, data.length);
      this.writing = this.writing.then(() =>
        this.store.writeFile(`${this.path}/${name}`, data).catch((error: Error) => {
          if (this.warned) return;
          this.warned = true;
          process.stderr.write(`zenml: could not store step logs at ${this.uri}: ${error.message}\n`);
        }),
      );
    }
    return this.writing;
  }

  /** Writes what is left; later writes are ignored. */
  async close(): Promise<void> {
    if (this.closed) return this.writing;
    const done = this.flush(true);
    this.closed = true;
    return done;
  }
}

function chunkName(sequence: number, bytes: number): string {
  return `${String(sequence).padStart(6, '0')}-${bytes}.log`;
}

interface ChunkEntry {
  name: string;
  sequence: number;
  bytes: number;
}

function parseChunk(name: string): ChunkEntry | undefined {
  const match = /^(\d+)-(\d+)\.log$/.exec(name);
  return match ? { name, sequence: Number(match[1]), bytes: Number(match[2]) } : undefined;
}

/**
 * Reads a step log chunk by chunk, remembering where it stopped: `next()` returns the text
 * of the complete chunks written since the last call (in order, never one twice).
 */
export class StepLogReader {
  private nextSequence = 1;

  constructor(
    private readonly store: ArtifactStore,
    private readonly path: string,
  ) {}

  /**
   * `final`: the writer is gone (the step ended or its process died), so nothing more will
   * arrive: a missing chunk (a failed write) is skipped and a cut-off one read as it is.
   */
  async next(final = false): Promise<string> {
    const chunks = (await this.store.list(this.path))
      .map(parseChunk)
      .filter((chunk): chunk is ChunkEntry => chunk !== undefined && chunk.sequence >= this.nextSequence)
      .sort((a, b) => a.sequence - b.sequence);
    let text = '';
    for (const chunk of chunks) {
      // Chunks are written in order: a gap means the missing one is still on its way.
      if (chunk.sequence !== this.nextSequence && !final) break;
      const data = await this.store.readFile(`${this.path}/${chunk.name}`).catch(() => undefined);
      if (!final && (!data || data.length < chunk.bytes)) break;
      text += data?.toString('utf8') ?? '';
      this.nextSequence = chunk.sequence + 1;
    }
    return text;
  }
}

/** The sequence number of the last chunk stored in a log folder (0 for none). */
export async function lastChunkSequence(store: ArtifactStore, path: string): Promise<number> {
  const names = await store.list(path).catch(() => [] as string[]);
  return names.reduce((last, name) => Math.max(last, parseChunk(name)?.sequence ?? 0), 0);
}

/** The whole stored log of a finished step run, as far as it was written. */
export async function readStepLogs(store: ArtifactStore, path: string): Promise<string> {
  return new StepLogReader(store, path).next(true);
}
