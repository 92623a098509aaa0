// The README is a guide, not a dump (issue 9): it stays small, starts with the two set-up
// commands, and its links to docs/ and examples/ resolve. The command reference is checked
// against the CLI in test/commands/command-reference.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../helpers/sandbox.js';

const README = join(REPO_ROOT, 'README.md');
const readme = readFileSync(README, 'utf8');

test('README.md is under 30 KB (topic guides live in docs/, the command reference in docs/commands/)', () => {
  const size = Buffer.byteLength(readme);
  assert.ok(size < 30_000, `README.md is ${size} bytes: move detail into a docs/ guide and link to it.`);
});

test('README.md starts with the two set-up commands', () => {
  assert.ok(
    readme.startsWith('```\nnpm install && npm run quickstart\nnpm test\n```\n'),
    'the README must open with a fenced block of exactly `npm install && npm run quickstart` and `npm test`',
  );
});

/** GitHub's heading anchor, for the plain headings these files use. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** Relative link targets of a markdown file, outside fenced code blocks. */
function links(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```/gm, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((href) => !/^[a-z]+:/i.test(href));
}

const guides = readdirSync(join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(REPO_ROOT, 'docs', f));

test('relative links in README.md and docs/*.md point at files and headings that exist', () => {
  const broken: string[] = [];
  const name = (file: string) => relative(REPO_ROOT, file);
  for (const file of [README, ...guides]) {
    const text = readFileSync(file, 'utf8');
    for (const href of links(text)) {
      const [path, anchor] = href.split('#');
      const target = path ? join(dirname(file), path) : file;
      if (!existsSync(target)) broken.push(`${name(file)}: ${href}`);
      else if (anchor && target.endsWith('.md')) {
        const headings = readFileSync(target, 'utf8').split('\n').filter((l) => l.startsWith('#')).map((l) => slug(l.replace(/^#+/, '')));
        if (!headings.includes(anchor)) broken.push(`${name(file)}: ${href}`);
      }
    }
  }
  assert.deepEqual(broken, []);
});
