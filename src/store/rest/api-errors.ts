/**
 * Errors on the wire. The server answers a failed call with `ErrorBody`; the REST store
 * turns it back into the same ZenError class with the same message and hint, so the CLI
 * prints exactly what it prints against a local store.
 */
import { AlreadyExistsError, NotFoundError, UsageError, ZenError } from '../../core/errors.js';

export interface ErrorBody {
  /** The error class: NotFoundError, AlreadyExistsError, UsageError, ZenError (or a subclass's name). */
  error: string;
  /** The whole one-line message, hint included. */
  message: string;
  hint?: string;
  exitCode?: number;
}

export function errorBody(error: ZenError): ErrorBody {
  return { error: error.name, message: error.message, ...(error.hint ? { hint: error.hint } : {}), exitCode: error.exitCode };
}

/** The HTTP status a ZenError answers with. */
export function statusOf(error: ZenError): number {
  // Auth errors carry their own status (401, 403, 429).
  const own = (error as ZenError & { statusCode?: unknown }).statusCode;
  if (typeof own === 'number') return own;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof AlreadyExistsError) return 409;
  if (error instanceof UsageError || error.exitCode === 2) return 400;
  // Refusals of a valid request in the current state (a version in production, a key check mismatch).
  return 409;
}

/** Rebuilds the error a server sent; `fallback` is the message when the body is not ours (a proxy's page). */
export function errorFromBody(body: unknown, fallback: string): ZenError {
  const parsed = isErrorBody(body) ? body : undefined;
  const message = parsed?.message ?? fallback;
  const hint = parsed?.hint;
  // The constructors append the hint to the message again: hand them the message without it.
  const base = hint && message.endsWith(` ${hint}`) ? message.slice(0, -hint.length - 1) : message;
  let error: ZenError;
  switch (parsed?.error) {
    case 'NotFoundError':
      error = new NotFoundError(base, hint);
      break;
    case 'AlreadyExistsError':
      error = new AlreadyExistsError(base, hint);
      break;
    case 'UsageError':
      error = new UsageError(base, hint);
      break;
    default:
      error = new ZenError(base, { hint, exitCode: parsed?.exitCode ?? 1 });
      if (parsed?.error && parsed.error !== 'InternalServerError') error.name = parsed.error;
  }
  return error;
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ErrorBody).message === 'string' && typeof (body as ErrorBody).error === 'string';
}
