// One name rule for everything named: length, no control characters, unicode letters
// allowed, no path separators in run names; checked before anything is written; and names
// never reach the terminal raw.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pipeline, step } from '../../src/index.js';
import { MAX_NAME_LENGTH, escapeControlCharacters, nameProblem } from '../../src/core/names.js';
import { UsageError } from '../../src/core/errors.js';
import { runNameRequest } from '../../src/execution/run-names.js';
import { openZenStore } from '../../src/store/open-store.js';
import type { ZenStore } from '../../src/store/zen-store.js';
import { cell, machineCell } from '../../src/cli/output.js';
import { terminalSafe } from '../../src/cli/terminal-text.js';
import { assertSecretName } from '../../src/secrets/names.js';
import { checkModelName } from '../../src/core/model-names.js';

const dirs: string[] = [];
const stores: ZenStore[] = [];
after(async () => {
  await Promise.all(stores.map((store) => store.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function refusedOneLine(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof UsageError, String(error));
    assert.match(error.message, pattern);
    assert.doesNotMatch(error.message, /[\n\0\x1b]/, 'the error shows the name escaped');
    assert.ok(error.message.length < 300, `one short line, got ${error.message.length} characters`);
    return true;
  });
}

const noop = () => 1;

describe('the name rule', () => {
  test('unicode letters are names; control characters, overlong and padded names are not', () => {
    for (const name of ['訓練', 'étape_1', 'données-v2.final', 'a']) assert.equal(nameProblem(name), undefined, name);
    assert.match(nameProblem('x'.repeat(MAX_NAME_LENGTH + 1))!, /characters long/);
    assert.equal(nameProblem('x'.repeat(MAX_NAME_LENGTH)), undefined);
    for (const name of ['a\nb', 'a\0b', 'a\x1b[31mb', 'a\u202eb', 'a\rb']) assert.match(nameProblem(name, { kind: 'label' })!, /control character/, JSON.stringify(name));
    assert.match(nameProblem(' a', { kind: 'label' })!, /spaces/);
    assert.match(nameProblem('../etc', { kind: 'label', pathSegment: true })!, /'\/'/);
    assert.equal(nameProblem('nightly run #3 (ü)', { kind: 'label', pathSegment: true }), undefined);
  });

  test('ASCII names get the same verdict as the unicode rule gives them', () => {
    // nameProblem checks printable ASCII with plain classes; here the rule is spelled with
    // the unicode ones, over every ASCII character at the start, in the middle and alone.
    const unicodeIdentifier = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.-]*$/u;
    const unicodeNoLeadingDigit = /^[\p{L}_][\p{L}\p{M}\p{N}_.-]*$/u;
    const unprintable = /[\p{Cc}\p{Zl}\p{Zp}]/u;
    for (let code = 0; code < 128; code++) {
      const char = String.fromCharCode(code);
      for (const name of [char, `${char}a`, `a${char}b`]) {
        const printable = !unprintable.test(name) && name.trim() === name;
        assert.equal(nameProblem(name) === undefined, printable && unicodeIdentifier.test(name), JSON.stringify(name));
        assert.equal(nameProblem(name, { noLeadingDigit: true }) === undefined, printable && unicodeNoLeadingDigit.test(name), JSON.stringify(name));
        assert.equal(nameProblem(name, { kind: 'label' }) === undefined, printable, JSON.stringify(name));
        assert.equal(escapeControlCharacters(name) === name, !unprintable.test(name), JSON.stringify(name));
      }
    }
  });

  test('pipelines, steps, step ids and outputs: unicode accepted, bad names refused at definition', () => {
    assert.doesNotThrow(() => pipeline({ name: '訓練' }, () => step({ name: 'étape' }, noop)()));
    refusedOneLine(() => pipeline({ name: 'p'.repeat(5000) }, () => undefined), /Pipeline name 'p+\.\.\.' is 5000 characters long/);
    refusedOneLine(() => pipeline({ name: 'a\nb' }, () => undefined), /Pipeline name 'a\\nb' contains a control character/);
    refusedOneLine(() => step({ name: 'a\x1b[31mb' }, noop), /Step name 'a\\u001b\[31mb'/);
    refusedOneLine(() => step({ name: 's', outputs: ['ok', 'bad/out'] as const }, () => ({ ok: 1, 'bad/out': 2 })), /Output name 'bad\/out'/);
  });

  test('run names (templates after expansion) refuse newlines, NUL, path separators and overlong names', () => {
    assert.equal(runNameRequest('训练', 'nightly-{date}').name.startsWith('nightly-'), true);
    refusedOneLine(() => runNameRequest('p', 'a\nb'), /Run name 'a\\nb'/);
    refusedOneLine(() => runNameRequest('p', 'a\0b'), /Run name 'a\\0b'/);
    refusedOneLine(() => runNameRequest('p', '../escape'), /Run name '\.\.\/escape'/);
    refusedOneLine(() => runNameRequest('p'.repeat(250), '{pipeline}-{time}'), /characters long/);
  });

  test('secret and model names follow the rule too', () => {
    refusedOneLine(() => assertSecretName('s'.repeat(300)), /Secret name .* characters long/);
    assert.doesNotThrow(() => checkModelName('modèle'));
    refusedOneLine(() => checkModelName('m\tx'), /Model name 'm\\tx'/);
  });

  test('the store refuses bad names from any client before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zenml-names-'));
    dirs.push(dir);
    const store = await openZenStore(`sqlite:${join(dir, 'zenml.db')}`);
    stores.push(store);
    const start = (pipelineName: string, runName: string) =>
      store.startRun({ pipeline: { name: pipelineName }, snapshot: { spec: { steps: [] } as never }, run: { name: runName, config: {}, pid: 1, host: 'h' }, status: 'running', onNameTaken: 'fail' });
    await assert.rejects(start('p', 'a\0b'), /Run name 'a\\0b'/);
    await assert.rejects(start('p', '../x'), /Run name/);
    await assert.rejects(start('p'.repeat(5000), 'r'), /Pipeline name .* 5000 characters long/);
    assert.equal((await store.listRuns()).total, 0, 'no run was created');
    assert.equal((await store.listPipelines()).total, 0, 'no pipeline was created');
    const components = (await store.listStackComponents()).items;
    const ids = Object.fromEntries(components.map((c) => [c.type, c.id]));
    await assert.rejects(store.createStack({ name: 'a\nb', components: ids }), /Stack name 'a\\nb'/);
    await assert.rejects(store.createStackComponent({ name: 'x'.repeat(300), type: 'orchestrator', flavor: 'local', config: {} }), /Component name/);
  });
});

describe('names on the terminal', () => {
  test('table and csv cells show control characters escaped', () => {
    assert.equal(cell('evil\x1b[2J\nname'), 'evil\\u001b[2J\\nname');
    assert.equal(cell(['a\rb']), 'a\\rb');
    assert.equal(machineCell('a\x1b]0;title\x07b'), 'a\\u001b]0;title\\u0007b');
  });

  test('plain output keeps layout and, with colour on, its own colour codes; nothing else raw', () => {
    assert.equal(terminalSafe('a\x1b[31mb\nc\td', false), 'a\\u001b[31mb\nc\td');
    assert.equal(terminalSafe('\x1b[36mhead\x1b[39m x\x1b]0;t\x07', true), '\x1b[36mhead\x1b[39m x\\u001b]0;t\\u0007');
    assert.equal(escapeControlCharacters('plain'), 'plain');
  });
});
