/**
 * Errors a user can act on. The CLI prints `message` as one line (plus the hint)
 * and never a stack trace unless ZENML_DEBUG=1; everything else is a bug.
 */
export class ZenError extends Error {
  /** Process exit code the CLI uses for this error: 1 operation error, 2 usage error. */
  readonly exitCode: number;
  /** What the user should do next, appended to the one-line message. */
  readonly hint?: string;

  constructor(message: string, options: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, { cause: options.cause });
    this.name = 'ZenError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** A lookup for an entity that does not exist. */
export class NotFoundError extends ZenError {
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'NotFoundError';
  }
}

/** An entity with this name already exists. */
export class AlreadyExistsError extends ZenError {
  constructor(message: string, hint?: string) {
    super(message, { hint });
    this.name = 'AlreadyExistsError';
  }
}

/** Bad input from the user: a malformed config, an invalid argument. Exit code 2. */
export class UsageError extends ZenError {
  constructor(message: string, hint?: string) {
    super(message, { hint, exitCode: 2 });
    this.name = 'UsageError';
  }
}

export function isZenError(error: unknown): error is ZenError {
  return error instanceof ZenError;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The first line of a YAML parser error, without the trailing colon that introduces its code excerpt. */
export function yamlProblem(error: unknown): string {
  return errorMessage(error).split('\n')[0].replace(/:\s*$/, '');
}
