import { scopedValue } from '../core/async-scope.js';
import { processSingleton } from '../core/process-state.js';

/** Where a step's captured output goes (a StepLogWriter). */
export interface LogSink {
  write(text: string): void;
  /** The text as the terminal may show it: the step's secret values replaced. */
  redact?(text: string): string;
}

type Write = NodeJS.WriteStream['write'];

/**
 * Steps running in process share one event loop and one process.stdout, so output is
 * attributed by async context: process.stdout.write and process.stderr.write (which
 * console.log and console.error call) are wrapped once, and each write made inside a
 * step's async context is copied to that step's sink, then goes to the terminal as before.
 * Shared by every copy of this package in the process, like the step context.
 */
const capture = processSingleton('stepLogWrappers', () => ({
  wrappers: new WeakSet<Write>(),
  /** Set while a write is being copied: a wrapper further down the chain (one of ours installed again above another's) must not copy it twice. */
  copying: false,
}));
const logSink = scopedValue<LogSink>('stepLogSink');

/** Runs `body` with everything it (and what it starts) writes to stdout or stderr copied to `sink`. */
export function captureOutput<T>(sink: LogSink, body: () => T): T {
  wrapWrite(process.stdout);
  wrapWrite(process.stderr);
  return logSink.run(sink, body);
}

/**
 * Installs the copying wrapper unless the stream's current write is already one. Checked on
 * every step: something else (machine-output mode routing stdout to stderr) may have
 * replaced or restored `write` since.
 */
function wrapWrite(stream: NodeJS.WriteStream): void {
  if (capture.wrappers.has(stream.write)) return;
  const inner = stream.write;
  const wrapper = function (this: unknown, ...args: unknown[]): boolean {
    const sink = capture.copying ? undefined : logSink.get();
    if (!sink) return (inner as (...a: unknown[]) => boolean).apply(stream, args);
    capture.copying = true;
    try {
      const text = chunkText(args[0], args[1]);
      sink.write(text);
      const shown = sink.redact ? sink.redact(text) : text;
      // Unchanged output goes through untouched (a Buffer stays a Buffer); a changed one as its redacted text.
      if (shown === text) return (inner as (...a: unknown[]) => boolean).apply(stream, args);
      const callback = args.find((arg) => typeof arg === 'function');
      return (inner as (...a: unknown[]) => boolean).apply(stream, callback ? [shown, callback] : [shown]);
    } finally {
      capture.copying = false;
    }
  } as Write;
  capture.wrappers.add(wrapper);
  stream.write = wrapper;
}

function chunkText(chunk: unknown, encoding: unknown): string {
  if (typeof chunk === 'string') return typeof encoding === 'string' && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(chunk, encoding as BufferEncoding).toString('utf8') : chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
  return String(chunk);
}
