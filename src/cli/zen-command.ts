import { Command, Config, Errors, type Interfaces } from '../vendor/oclif.js';
import { UsageError, isZenError } from '../core/errors.js';
import { signalExitCode } from '../core/interrupts.js';
import { routeStdoutToStderr } from './machine-output.js';
import { terminalSafe } from './terminal-text.js';
import { escapeControlCharacters } from '../core/names.js';
import type { Page } from '../core/entities.js';
import type { Client } from '../sdk/client.js';
import { endCliSession, startCliSession } from '../sdk/cli-session.js';
import { OUTPUT_FORMATS, type Column, type OutputFormat, pageFooter, recordColumns, renderData, renderDelimited, renderRecord, renderTable, selectColumns, setWideTables } from './output.js';

export type ZenFlags<T extends typeof Command> = Interfaces.InferredFlags<(typeof ZenCommand)['baseFlags'] & T['flags']>;
export type ZenArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

/**
 * Base of every zenml command: parses flags, reaches stored data through the Client
 * (loaded lazily), prints results in the chosen format, and turns errors into one line
 * with the right exit code.
 */
export abstract class ZenCommand<T extends typeof Command> extends Command {
  static enableJsonFlag = true;
  /** True when the command's --output names a file to write (artifact visualize), not an output format. */
  static outputIsFile = false;

  /**
   * oclif's Command.run loads the Config it is given again (in case the command was built
   * against another oclif), re-reading package.json and the whole manifest: ~20 ms per command.
   * A Config of our own (bundled) oclif is used as it is.
   */
  static async run<C extends Command>(this: new (argv: string[], config: Config) => C, argv: string[] = process.argv.slice(2), opts?: Interfaces.LoadOptions): Promise<ReturnType<C['run']>> {
    if (!(opts instanceof Config)) return (Command.run as (this: unknown, argv?: string[], opts?: Interfaces.LoadOptions) => Promise<ReturnType<C['run']>>).call(this, argv, opts);
    const command = new this(argv, opts);
    return (command as unknown as { _run(): Promise<ReturnType<C['run']>> })._run();
  }

  protected flags!: ZenFlags<T>;
  protected args!: ZenArgs<T>;

  public async init(): Promise<void> {
    await super.init();
    // Flavors come from the plugins this Config already loaded (see stack/flavor-registry.ts).
    startCliSession(this.config);
    const { args, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof ZenCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
      // Commands that take arbitrary --key=value config set `static '--' = false` so unknown flags reach them.
      '--': (this.ctor as { '--'?: boolean })['--'],
    });
    this.flags = flags as ZenFlags<T>;
    this.args = args as ZenArgs<T>;
    setWideTables(Boolean((flags as { wide?: boolean }).wide));
    // Machine output (--json, -o json|yaml|csv|tsv): stdout carries only the document.
    const output = (this.ctor as typeof ZenCommand).outputIsFile ? undefined : ((flags as { output?: string }).output ?? process.env.ZENML_DEFAULT_OUTPUT);
    if (this.jsonEnabled() || (output !== undefined && output !== 'table')) this.restoreStdout = routeStdoutToStderr();
  }

  /** Set in machine-output mode while the command works: stdout is kept for the one document. */
  private restoreStdout?: () => void;

  /** Plain output never carries a stored value's control characters raw (see terminalSafe). */
  log(message = '', ...args: unknown[]): void {
    super.log(typeof message === 'string' ? terminalSafe(message, this.color) : message, ...args);
  }

  logToStderr(message = '', ...args: unknown[]): void {
    super.logToStderr(typeof message === 'string' ? terminalSafe(message, this.color) : message, ...args);
  }

  logJson(json: unknown): void {
    this.restoreStdout?.();
    super.logJson(json);
  }

  /** One compact JSON document on its own line, for commands that stream (JSON Lines). */
  protected logJsonLine(json: unknown): void {
    this.restoreStdout?.();
    process.stdout.write(`${JSON.stringify(json)}\n`);
  }

  /** The SDK's Client: every command reads and writes stored data through it. */
  protected async client(): Promise<Client> {
    const { Client } = await import('../sdk/client.js');
    return new Client();
  }

  /** Colour only on a terminal, never in machine output, and never with NO_COLOR. */
  protected get color(): boolean {
    return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && !this.jsonEnabled() && this.format === 'table';
  }

  protected get format(): OutputFormat {
    if (this.jsonEnabled()) return 'json';
    if ((this.ctor as typeof ZenCommand).outputIsFile) return 'table';
    const chosen = (this.flags as Record<string, unknown>)?.output as OutputFormat | undefined;
    if (chosen) return chosen;
    const fromEnvironment = process.env.ZENML_DEFAULT_OUTPUT;
    if (!fromEnvironment) return 'table';
    if (!OUTPUT_FORMATS.includes(fromEnvironment as OutputFormat)) {
      throw new UsageError(`ZENML_DEFAULT_OUTPUT=${fromEnvironment} is not an output format.`, `Use one of ${OUTPUT_FORMATS.join(', ')}.`);
    }
    return fromEnvironment as OutputFormat;
  }

  /** `--columns`, for the commands that take it. */
  private get columnNames(): string | undefined {
    return (this.flags as Record<string, unknown>)?.columns as string | undefined;
  }

  protected get interactive(): boolean {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !this.jsonEnabled();
  }

  /** Prints a page of items and returns the list payload `{ items, total, page, size }`. */
  protected async printList<I>(page: Page<I>, allColumns: Column<I>[], toJson: (item: I) => unknown = (item) => item): Promise<Page<unknown>> {
    const payload = { items: page.items.map(toJson), total: page.total, page: page.page, size: page.size };
    const columns = selectColumns(allColumns, this.columnNames);
    if (this.jsonEnabled()) return payload;
    this.restoreStdout?.();
    const format = this.format;
    switch (format) {
      case 'json':
      case 'yaml':
        this.log(await renderData(payload, format));
        break;
      case 'csv':
      case 'tsv':
        this.log(renderDelimited(page.items, columns, format));
        break;
      default:
        if (page.items.length === 0) this.log('Nothing to show.');
        else {
          this.log(await renderTable(page.items, columns, this.color));
          if (page.total > page.items.length) this.log(pageFooter(page));
        }
    }
    return payload;
  }

  /** Prints one entity (as a key/value table, or whatever `renderTableView` draws) and returns it. */
  protected async printEntity<E>(entity: E, renderTableView?: (entity: E) => string | Promise<string>): Promise<E> {
    if (this.jsonEnabled()) return entity;
    this.restoreStdout?.();
    const format = this.format;
    const record = entity as Record<string, unknown>;
    if (format === 'json' || format === 'yaml') this.log(await renderData(entity, format));
    else if (format === 'csv' || format === 'tsv') this.log(renderDelimited([record], selectColumns(recordColumns(record), this.columnNames), format));
    else if (this.columnNames) {
      // Chosen fields of the entity, in the order asked for, as key/value rows.
      const chosen = selectColumns(recordColumns(record), this.columnNames);
      this.log(await renderRecord(Object.fromEntries(chosen.map((column) => [column.header, record[column.header]])), this.color));
    } else this.log(renderTableView ? await renderTableView(entity) : await renderRecord(record, this.color));
    return entity;
  }

  protected async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    // oclif's own exits (help, --version, this.exit) pass through untouched.
    if (error instanceof Errors.ExitError) throw error;
    // Ctrl-C at a prompt: the user chose to leave; one quiet line and the SIGINT exit code.
    if (error.name === 'ExitPromptError') {
      process.exitCode = signalExitCode('SIGINT');
      process.stderr.write('\nCancelled.\n');
      return undefined;
    }
    // Bad flags and arguments are usage errors (exit 2) whatever oclif's default exit code
    // is; their multi-line text (a heading, then the reason) is folded into one line.
    const usage = 'parse' in error || /^Parsing --/.test(error.message ?? '');
    const exitCode = isZenError(error) ? error.exitCode : usage ? 2 : (error.oclif?.exit ?? error.exitCode ?? 1);
    process.exitCode = exitCode;
    const message = usage
      ? `${error.message.replace(/See more help with --help/g, '').replace(/\s+/g, ' ').trim().replace(/([^.])$/, '$1.')} See --help.`
      : isZenError(error)
        ? // One line by design; a name inside it may hold a newline, shown escaped rather than cut.
          escapeControlCharacters(error.message)
        : (error.message || String(error)).split('\n')[0];
    if (this.jsonEnabled()) {
      this.logJson({ error: { message, name: error.name, exitCode } });
    } else {
      const known = usage || isZenError(error) || error.oclif !== undefined;
      this.logToStderr(`Error: ${message}${known || process.env.ZENML_DEBUG ? '' : ' (set ZENML_DEBUG=1 for details)'}`);
    }
    if (process.env.ZENML_DEBUG && error.stack) this.logToStderr(error.stack);
    return undefined;
  }

  protected async finally(error: Error | undefined): Promise<unknown> {
    this.restoreStdout?.();
    await endCliSession();
    return super.finally(error);
  }
}
