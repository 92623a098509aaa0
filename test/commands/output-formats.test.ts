import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSandbox, runCli, type Sandbox } from '../helpers/sandbox.js';
import { fitWidths } from '../../src/cli/output.js';

const PIPELINE = `import { pipeline, step } from 'zenml';
const make = step({ name: 'make' }, () => 'x'.repeat(3000));
export const formats = pipeline({ name: 'formats' }, () => { make(); });
`;

describe('output a script can trust, tables for people', () => {
  let sandbox: Sandbox;
  const cli = (args: string[], env?: NodeJS.ProcessEnv) => runCli(args, { sandbox, env });

  before(async () => {
    sandbox = createSandbox();
    const run = await cli(['pipeline', 'run', sandbox.write('formats.ts', PIPELINE), '--json']);
    assert.equal(run.code, 0, run.stderr);
  });
  after(() => sandbox?.cleanup());

  test('--columns chooses and orders the columns of table, csv and tsv', async () => {
    const table = await cli(['stack', 'list', '--columns', 'owner,name,active']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout.split('\n')[1], /│ owner\s+│ name\s+│ active\s+│/);
    const csv = await cli(['stack', 'list', '-o', 'csv', '--columns', 'name,active']);
    assert.deepEqual(csv.stdout.trim().split('\n'), ['name,active', 'default,true']);
    const tsv = await cli(['artifact', 'version', 'list', '-o', 'tsv', '--columns', 'data_type,version']);
    assert.deepEqual(tsv.stdout.trim().split('\n'), ['data type\tversion', 'string\t1']);
  });

  test('an unknown column is a usage error listing the known ones', async () => {
    const result = await cli(['stack', 'list', '--columns', 'nmae']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown column 'nmae'\. Columns: active, name, orchestrator/);
  });

  test('csv carries booleans as true/false, dates as ISO 8601, sizes in bytes and whole ids', async () => {
    const csv = await cli(['artifact', 'version', 'list', '-o', 'csv', '--columns', 'size,created,id']);
    const [, row] = csv.stdout.trim().split('\n');
    const [size, created, id] = row.split(',');
    assert.match(size, /^\d+$/, 'bytes as a plain integer');
    assert.ok(Number(size) >= 3000);
    assert.match(created, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    assert.match(id, /^[0-9a-f-]{36}$/);
  });

  test('tables humanise sizes, cut ids to 8 characters (--wide shows them whole) and fit 100 columns', async () => {
    const table = await cli(['artifact', 'version', 'list']);
    assert.equal(table.code, 0, table.stderr);
    for (const line of table.stdout.trimEnd().split('\n')) assert.ok(line.length <= 100, `wider than 100: ${line}`);
    assert.match(table.stdout, /\d(\.\d)? KiB/);
    const lines = table.stdout.split('\n');
    assert.equal(lines.filter((line) => /^├/.test(line)).length, 0, 'no separator lines between rows');
    const id = JSON.parse((await cli(['artifact', 'version', 'list', '--json'])).stdout).items[0].id as string;
    assert.ok(table.stdout.includes(id.slice(0, 8)) && !table.stdout.includes(id));
    const wide = await cli(['artifact', 'version', 'list', '--wide', '--columns', 'id']);
    assert.ok(wide.stdout.includes(id));
  });

  test('ZENML_DEFAULT_OUTPUT sets the format; -o wins over it; a bad value is a usage error', async () => {
    const json = await cli(['stack', 'list'], { ZENML_DEFAULT_OUTPUT: 'json' });
    assert.equal(JSON.parse(json.stdout).items[0].name, 'default');
    const table = await cli(['stack', 'list', '-o', 'table'], { ZENML_DEFAULT_OUTPUT: 'json' });
    assert.match(table.stdout, /│ active/);
    const bad = await cli(['stack', 'list'], { ZENML_DEFAULT_OUTPUT: 'xml' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /ZENML_DEFAULT_OUTPUT=xml is not an output format/);
  });

  test('stack get and secret backend describe take -o and --columns like every describe', async () => {
    const yaml = await cli(['stack', 'get', '-o', 'yaml']);
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /^name: default$/m);
    assert.match(yaml.stdout, /^source: default$/m);
    const csv = await cli(['stack', 'get', '-o', 'csv', '--columns', 'source,name']);
    assert.deepEqual(csv.stdout.trim().split('\n'), ['source,name', 'default,default']);
    const backend = await cli(['secret', 'backend', 'describe', '-o', 'json']);
    assert.equal(backend.code, 0, backend.stderr);
    assert.equal(typeof JSON.parse(backend.stdout).backend, 'string');
    const human = await cli(['stack', 'get']);
    assert.match(human.stdout, /Active stack: 'default' \(from default\)\./);
  });

  test('describe takes --columns and -o tsv too', async () => {
    const result = await cli(['stack', 'describe', 'default', '-o', 'tsv', '--columns', 'name,id']);
    assert.equal(result.code, 0, result.stderr);
    const [header, row] = result.stdout.trim().split('\n');
    assert.equal(header, 'name\tid');
    assert.match(row, /^default\t[0-9a-f-]{36}$/);
  });
});

test('fitWidths wraps the last column first, then the widest, never below the minimum', () => {
  assert.equal(fitWidths([10, 10, 10], 40), undefined);
  assert.deepEqual(fitWidths([10, 10, 60], 50), [10, 10, 30]);
  const squeezed = fitWidths([60, 10, 30], 50)!;
  assert.equal(squeezed.reduce((a, b) => a + b, 0), 50);
  assert.equal(squeezed[1], 10);
  assert.deepEqual(fitWidths([12, 12], 10), [12, 12]);
});
