import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/sandbox.js';

const CRUISER = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(...paths: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [CRUISER, '--config', '.dependency-cruiser.cjs', '--output-type', 'err', ...paths], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('every import in src/ and the plugins follows the layer rules of ARCHITECTURE.md §2', () => {
  const { status, output } = cruise('src', 'plugins/flavor-local/src', 'plugins/orchestrator-local-process/src', 'plugins/artifact-store-s3/src', 'plugins/alerter-webhook/src');
  assert.equal(status, 0, `Imports against the layer rules (.dependency-cruiser.cjs):\n${output}`);
});

test('the rules catch an import that runs back up (a store module importing execution)', () => {
  // A throwaway module inside src/store: proves the rule set is live, not vacuous.
  const dir = mkdtempSync(join(REPO_ROOT, 'src', 'store', 'layer-probe-'));
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'probe.ts'), "import { reapDeadRuns } from '../../execution/dead-runs.js';\nexport const probe = reapDeadRuns;\n");
    const { status, output } = cruise(dir);
    assert.notEqual(status, 0, 'dependency-cruiser accepted store → execution');
    assert.match(output, /no-upward-from-store/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function probe(floor: string, source: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(REPO_ROOT, 'src', floor, 'layer-probe-'));
  try {
    writeFileSync(join(dir, 'probe.ts'), source);
    return cruise(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the library never imports the server (a store module importing src/server)', () => {
  const { status, output } = probe('store', "import { buildServer } from '../../server/app.js';\nexport const probe = buildServer;\n");
  assert.notEqual(status, 0, 'dependency-cruiser accepted store → server');
  assert.match(output, /no-upward-from-store/);
});

test('the server never imports commands or cli', () => {
  const commands = probe('server', "import Version from '../../commands/version.js';\nexport const probe = Version;\n");
  assert.notEqual(commands.status, 0, 'dependency-cruiser accepted server → commands');
  assert.match(commands.output, /no-upward-from-cli-server|server-stays-below-the-cli/);
  const cli = probe('server', "import { ZenCommand } from '../../cli/zen-command.js';\nexport const probe = ZenCommand;\n");
  assert.notEqual(cli.status, 0, 'dependency-cruiser accepted server → cli');
  assert.match(cli.output, /server-stays-below-the-cli/);
});
