// Reads a `## ` section of the README and its fenced code blocks, so tests can run what the
// README shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './sandbox.js';

export const OWN_PROJECT_HEADING = '## Use zenml in your own project';

/** The README's "Use zenml in your own project" section: tests run its code as printed. */
export function ownProjectSection(): { source: string; text: string } {
  const text = markdownSection(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'), OWN_PROJECT_HEADING);
  if (text === undefined) throw new Error(`README.md has no section "${OWN_PROJECT_HEADING}"`);
  return { source: 'README.md', text };
}

/** From the heading line to the next heading of the same or a higher level (outside code fences), or the end. */
export function markdownSection(markdown: string, heading: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === heading);
  if (start < 0) return undefined;
  const level = heading.match(/^#+/)![0].length;
  let fenced = false;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i])) fenced = !fenced;
    const match = !fenced && lines[i].match(/^(#+)\s/);
    if (match && match[1].length <= level) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join('\n');
}

export interface CodeBlock {
  lang: string;
  code: string;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^```(\S*)[^\n]*\n([\s\S]*?)^```\s*$/gm;
  for (const match of markdown.matchAll(fence)) blocks.push({ lang: match[1], code: match[2] });
  return blocks;
}

/** The `ts` blocks that name their file in a first-line comment (`// pipeline.ts`), by file name. */
export function namedTsFiles(markdown: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const block of codeBlocks(markdown)) {
    if (block.lang !== 'ts' && block.lang !== 'typescript') continue;
    const name = block.code.match(/^\/\/\s*(\S+\.(?:m|c)?ts)\s*\n/)?.[1];
    if (name) files.set(name, block.code);
  }
  return files;
}
