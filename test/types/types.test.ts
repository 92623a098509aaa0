// The SDK's types: good.ts compiles cleanly, and every `@ts-expect-error` in expect-error/ marks a real error.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const tsconfig = join(here, 'tsconfig.json');
const DIRECTIVE = '// @ts-expect-error';

function tscBinary(): string {
  return join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
}

function parsedConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => assert.fail(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')),
  });
  assert.ok(parsed, 'test/types/tsconfig.json could not be read');
  return parsed;
}

/** Zero-based line numbers of the directives in a file's text. */
function directiveLines(text: string): number[] {
  return text.split('\n').flatMap((line, index) => (line.trim().startsWith(DIRECTIVE) ? [index] : []));
}

// The tsc process and the in-process check each take seconds; run them side by side.
describe('test/types', { concurrency: true }, () => {
  test('tsc --noEmit -p test/types/tsconfig.json exits 0', async () => {
    const result = await new Promise<{ code: number; output: string }>((done) => {
      execFile(process.execPath, [tscBinary(), '--noEmit', '--pretty', 'false', '-p', tsconfig], { cwd: root, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
    });
    assert.equal(result.code, 0, `tsc reported:\n${result.output}`);
  });

  test('each @ts-expect-error line is an error once the directive is removed', () => {
    const parsed = parsedConfig();
    const expectFiles = parsed.fileNames.filter((file) => file.includes('/expect-error/')).map((file) => resolve(file));
    assert.ok(expectFiles.length >= 3, 'no expect-error files in the tsconfig');
    const originals = new Map(expectFiles.map((file) => [file, readFileSync(file, 'utf8')]));
    // Same text with the directives turned into plain comments, so line numbers stay put.
    const stripped = new Map([...originals].map(([file, text]) => [file, text.replaceAll(DIRECTIVE, '// (was ts-expect-error)')]));

    const host = ts.createCompilerHost(parsed.options);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (name) => stripped.get(resolve(name)) ?? readFile(name);
    host.getSourceFile = (name, language, onError, shouldCreate) => {
      const text = stripped.get(resolve(name));
      return text === undefined ? getSourceFile(name, language, onError, shouldCreate) : ts.createSourceFile(name, text, language);
    };
    const program = ts.createProgram(expectFiles, parsed.options, host);

    let total = 0;
    for (const file of expectFiles) {
      const source = program.getSourceFile(file);
      assert.ok(source, `${file} is not in the program`);
      const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      const errorLines = new Set(diagnostics.map((d) => source.getLineAndCharacterOfPosition(d.start ?? 0).line));
      const expected = directiveLines(originals.get(file)!);
      assert.ok(expected.length > 0, `${file} has no directives`);
      for (const line of expected) {
        assert.ok(errorLines.has(line + 1), `${file}:${line + 2} compiles without its @ts-expect-error, so the directive proves nothing`);
      }
      // Errors only where a directive expects one: nothing else in the file is broken.
      const unexpected = [...errorLines].filter((line) => !expected.includes(line - 1));
      assert.deepEqual(unexpected.map((line) => `${file}:${line + 1}`), []);
      total += expected.length;
    }
    assert.ok(total >= 20, `only ${total} expected errors`);
  });
});
