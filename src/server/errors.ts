/**
 * What a failed request answers. A ZenError keeps its class, message and hint (the REST
 * store rebuilds it); bad input is a 400 that says what was wrong; a constraint the database
 * refused is a 409; anything else is a bug: 500 with a generic message, logged in full here
 * and never sent (no stack, no SQL, no paths).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isZenError } from '../core/errors.js';
import { type ErrorBody, errorBody, statusOf } from '../store/rest/api-errors.js';

export interface MappedError {
  status: number;
  body: ErrorBody;
}

// better-sqlite3 and pg report constraint failures by code; both mean the request conflicts with stored data.
const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY', '23505']);
const REFERENCE_CODES = new Set(['SQLITE_CONSTRAINT_FOREIGNKEY', '23503']);
const OTHER_CONSTRAINT = /^(SQLITE_CONSTRAINT|23)/;

export function mapError(error: unknown): MappedError {
  if (isZenError(error)) return { status: statusOf(error), body: errorBody(error) };
  const failure = error as Partial<FastifyError> & { code?: string };
  if (failure.validation) {
    return { status: 400, body: { error: 'UsageError', message: `Invalid request: ${failure.message}.`, exitCode: 2 } };
  }
  const code = typeof failure.code === 'string' ? failure.code : '';
  if (UNIQUE_CODES.has(code)) return conflict('AlreadyExistsError', 'Something with this name or id already exists.');
  if (REFERENCE_CODES.has(code)) return conflict('ZenError', 'The request refers to something that does not exist.');
  if (OTHER_CONSTRAINT.test(code)) return conflict('ZenError', 'The request conflicts with stored data.');
  // fastify's own client errors: malformed JSON, an unsupported content type, a body too large.
  if (typeof failure.statusCode === 'number' && failure.statusCode >= 400 && failure.statusCode < 500) {
    return { status: failure.statusCode, body: { error: 'UsageError', message: oneLine(failure.message ?? 'Bad request'), exitCode: 2 } };
  }
  return { status: 500, body: { error: 'InternalServerError', message: 'The server failed to handle this request; its log has the details.', exitCode: 1 } };
}

function conflict(name: string, message: string): MappedError {
  return { status: 409, body: { error: name, message, exitCode: 1 } };
}

function oneLine(text: string): string {
  return text.split('\n')[0].slice(0, 500);
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body } = mapError(error);
  if (status >= 500) request.log.error({ err: error }, 'request failed');
  void reply.code(status).send(body);
}
