#!/usr/bin/env node
// Generates the command reference, docs/commands/<topic>.md, from the built CLI's own help with
// `oclif readme --multi`, plus docs/commands/README.md, an index of the topics.
// Usage: node scripts/docs-commands.mjs           rewrite docs/commands/ (needs `npm run build` first)
//        node scripts/docs-commands.mjs --check   exit 1 if docs/commands/ is not what it would write
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = join(ROOT, 'docs', 'commands');
const check = process.argv.includes('--check');

if (!existsSync(join(ROOT, 'dist', 'commands'))) {
  console.error('dist/commands is missing: run `npm run build` first.');
  process.exit(1);
}

/** Writes the reference into `dir` (absolute), replacing every page there. */
function generate(dir) {
  mkdirSync(dir, { recursive: true });
  // Start empty, so a topic that no longer exists leaves no page behind.
  for (const file of readdirSync(dir)) if (file.endsWith('.md')) rmSync(join(dir, file));
  // oclif resolves --output-dir against the plugin directory (a leading "/" is dropped), so pass
  // it relative to the repository; --readme-path points at a scratch index, never at README.md.
  const outputDir = relative(ROOT, dir);
  const index = join(dir, 'README.md');
  writeFileSync(index, '<!-- commands -->\n');
  const oclif = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'oclif', 'bin', 'run.js'), 'readme', '--multi', '--output-dir', outputDir,
      '--readme-path', index, '--no-aliases', '--tsconfig-path', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      // A fixed width, so help text wraps the same on every machine; no update check over the network.
      env: { ...process.env, COLUMNS: '120', OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
    },
  );
  if (oclif.status !== 0) {
    console.error(oclif.stdout, oclif.stderr);
    throw new Error(`oclif readme exited with ${oclif.status}`);
  }
  // Keep oclif's topic list (one line per topic) and make its links relative to the index.
  const topics = readFileSync(index, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('* '))
    .map((line) => line.replaceAll(`](${outputDir}/`, '](./'));
  writeFileSync(
    index,
    [
      '# Command reference',
      '',
      'Generated from the CLI\'s own help by `npm run readme` (scripts/docs-commands.mjs, which runs',
      '`oclif readme --multi`): do not edit these pages by hand. One page per topic; in a checkout',
      'of this repository, run any command as `npx zenml ...`.',
      '',
      ...topics,
      '',
    ].join('\n'),
  );
}

function pages(dir) {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')).sort() : [];
}

if (!check) {
  generate(DOCS);
  console.log(`Wrote ${pages(DOCS).length} pages to ${relative(ROOT, DOCS)}/.`);
} else {
  const scratch = mkdtempSync(join(tmpdir(), 'zenml-docs-commands-'));
  try {
    generate(scratch);
    const expected = pages(scratch);
    const actual = pages(DOCS);
    const stale = [...new Set([...expected, ...actual])].filter(
      (f) => !expected.includes(f) || !actual.includes(f) || readFileSync(join(scratch, f), 'utf8') !== readFileSync(join(DOCS, f), 'utf8'),
    );
    if (stale.length > 0) {
      console.error(`docs/commands is stale (${stale.join(', ')}): run \`npm run readme\` and commit docs/commands.`);
      process.exitCode = 1;
    } else {
      console.log('docs/commands is current.');
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
