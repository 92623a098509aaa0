#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs every bench/scenarios/*.bench.ts (or those whose name
// contains one of the given words), each in its own fresh process, and writes
// docs/benchmarks.md. A filtered run replaces only its scenarios' sections of that file.
// Exits non-zero when a scenario crashed; a missed target is reported, not an error
// (benchmarks are measurements, not tests). It deletes what the scenarios wrote only once all
// are measured, and a run started within six minutes of the last one's deletions first waits
// them out (`--no-settle` skips it; bench/lib/deferred-deletions.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRASH_ENV, WINDOW_SECONDS, createTrash, fileCreationMicros, removeTrash, settleAfterLastRemoval } from './lib/deferred-deletions.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCENARIOS = join(ROOT, 'bench', 'scenarios');
const HARNESS = join(ROOT, 'bench', 'lib', 'harness.ts');
const OUTPUT = join(ROOT, 'docs', 'benchmarks.md');
const RESULT_MARKER = '@@zenml-bench-results@@'; // printed by bench/lib/harness.ts
const TIMEOUT_MS = Number(process.env.ZENML_BENCH_TIMEOUT_MS ?? 20 * 60 * 1000);

const FLAGS = ['--no-settle'];
const args = process.argv.slice(2);
const unknownFlag = args.find((arg) => arg.startsWith('-') && !FLAGS.includes(arg));
if (unknownFlag) {
  console.error(`Unknown flag ${unknownFlag}: npm run bench -- [scenario words...] [${FLAGS.join('] [')}].`);
  process.exit(2);
}
const filters = args.filter((arg) => !arg.startsWith('-'));
const settle = !args.includes('--no-settle');
const all = readdirSync(SCENARIOS).filter((file) => file.endsWith('.bench.ts')).sort();
const selected = all.filter((file) => filters.length === 0 || filters.some((word) => file.includes(word)));
if (selected.length === 0) {
  console.error(`No scenario matches ${filters.join(', ')}. Scenarios: ${all.map((f) => basename(f, '.bench.ts')).join(', ')}.`);
  process.exit(2);
}
if (!existsSync(join(ROOT, 'dist', 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (the scenarios run the built CLI).');
  process.exit(2);
}

const trash = createTrash();
/** The scenario's process running now, ended with the run if it is interrupted. */
let running;
// Interrupted: the scenario running stops (a Ctrl-C at a terminal reaches it too, a kill does
// not), and what the scenarios wrote goes now.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    running?.kill('SIGKILL');
    removeTrash(trash);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
const windowLeft = await settleAfterLastRemoval({
  wait: settle,
  onWait: (seconds) =>
    console.error(`Waiting ${seconds} s: the last bench run deleted its files less than ${WINDOW_SECONDS} s ago, and until then every file created here is slower (bench/lib/deferred-deletions.mjs; --no-settle skips the wait)…`),
});
const fileCreationMicrosAtStart = fileCreationMicros(trash);
const machine = machineInfo();
console.error(`Running ${selected.length} scenario(s) on ${machine.cpu} (${machine.cores} cores, ${machine.memory}), Node ${process.version}`);

const outcomes = [];
for (const file of selected) {
  const name = basename(file, '.bench.ts');
  console.error(`\n▶ ${name}`);
  const outcome = await runScenario(join(SCENARIOS, file));
  outcomes.push({ name, date: new Date().toISOString(), ...outcome });
  if (outcome.error) console.error(`✖ ${name} crashed: ${outcome.error}`);
  else {
    console.error(`✔ ${name} (${(outcome.seconds).toFixed(1)} s)`);
    for (const r of outcome.results) console.error(`  ${r.metric}: ${fmt(r.value)} ${r.unit}${r.pass === undefined ? '' : r.pass ? '  (meets target)' : '  (misses target)'}`);
  }
}

writeReport(outcomes);
removeTrash(trash);
const crashed = outcomes.filter((o) => o.error);
const misses = outcomes.flatMap((o) => o.results ?? []).filter((r) => r.pass === false);
console.error(`\nWrote ${OUTPUT.slice(ROOT.length + 1)}: ${outcomes.length - crashed.length} scenario(s) ran, ${crashed.length} crashed, ${misses.length} target(s) missed.`);
process.exit(crashed.length > 0 ? 1 : 0);

function runScenario(path) {
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', HARNESS, path], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [TRASH_ENV]: trash } });
    running = child;
    let stdout = '';
    let stderrTail = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk).slice(-8192);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARKER));
      if (code !== 0 || !line) {
        const why = signal === 'SIGKILL' && seconds * 1000 >= TIMEOUT_MS ? `timed out after ${TIMEOUT_MS / 1000} s` : signal ? `killed by ${signal}` : `exit code ${code}`;
        const lines = stderrTail.split('\n').map((l) => l.trim()).filter(Boolean);
        const cause = lines.findLast((l) => /^\w*Error\b.*:/.test(l)) ?? lines.at(-1);
        resolvePromise({ seconds, error: `${line ? why : `${why}, no results printed`}${cause ? ` (${cause.slice(0, 300)})` : ''}` });
        return;
      }
      try {
        resolvePromise({ seconds, results: JSON.parse(line.slice(RESULT_MARKER.length)) });
      } catch (error) {
        resolvePromise({ seconds, error: `unreadable results: ${error.message}` });
      }
    });
  });
}

function machineInfo() {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    cores: list.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    load: loadavg().map((n) => n.toFixed(2)).join(' / '),
    platform: `${process.platform} ${process.arch}`,
    pageTouch: firstTouchMicroseconds(),
    fileCreation: `${fileCreationMicrosAtStart.toFixed(0)} µs${fileCreationCaveat()}`,
  };
}

/** What the file-creation figure needs said: a wait before it, or figures taken without one. */
function fileCreationCaveat() {
  if (windowLeft === 0) return '';
  if (settle) return ` (after waiting ${windowLeft} s for the last bench run's deletions to stop slowing file creation)`;
  return " (--no-settle, within the window of the last bench run's deletions: file-heavy figures are slower than usual)";
}

/**
 * What writing to a page of fresh memory costs: on a virtual machine that hands memory back to
 * its host it can be ~15 µs, and every process start touches thousands of pages (`node -e 0`
 * ~2,200), so it sets much of the floors and of the figures beside them.
 */
function firstTouchMicroseconds() {
  const faultsBefore = process.resourceUsage().minorPageFault;
  const started = process.hrtime.bigint();
  const bytes = Buffer.allocUnsafeSlow(16 * 2 ** 20);
  for (let offset = 0; offset < bytes.length; offset += 4096) bytes[offset] = 1;
  const micros = Number(process.hrtime.bigint() - started) / 1000;
  const faults = process.resourceUsage().minorPageFault - faultsBefore;
  return faults > 0 ? `${(micros / faults).toFixed(1)} µs (${faults} pages of 16 MiB)` : 'not measured (no page faults seen)';
}

function fmt(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function cell(text) {
  return String(text).replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function section(outcome) {
  const lines = [`<!-- bench:${outcome.name}:start -->`, `## ${outcome.name}`, ''];
  lines.push(`Measured ${outcome.date.slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${machine.cpu}, ${machine.cores} cores, load average ${machine.load}; took ${outcome.seconds.toFixed(0)} s.`, '');
  if (outcome.error) {
    lines.push(`**Crashed:** ${cell(outcome.error)}. No figures from this run.`);
  } else {
    lines.push('| metric | value | floor | ratio | target | pass |', '|---|---:|---|---:|---|:---:|');
    for (const r of outcome.results) {
      const floor = r.floor ? `${cell(r.floor.name)}: ${fmt(r.floor.value)} ${cell(r.unit)}` : '—';
      const pass = r.pass === undefined ? '—' : r.pass ? 'yes' : '**no**';
      lines.push(`| ${cell(r.metric)} | ${fmt(r.value)} ${cell(r.unit)} | ${floor} | ${r.ratio === undefined ? '—' : `${fmt(r.ratio)}×`} | ${cell(r.target ?? '—')} | ${pass} |`);
    }
    const notes = [...new Set(outcome.results.map((r) => r.note).filter(Boolean))];
    if (notes.length > 0) lines.push('', ...notes.map((note) => `- ${note}`));
  }
  lines.push(`<!-- bench:${outcome.name}:end -->`);
  return lines.join('\n');
}

/** Sections of the existing report, by scenario, so a filtered run keeps the others. */
function previousSections() {
  if (!existsSync(OUTPUT)) return new Map();
  const text = readFileSync(OUTPUT, 'utf8');
  const sections = new Map();
  for (const match of text.matchAll(/<!-- bench:([\w.-]+):start -->[\s\S]*?<!-- bench:\1:end -->/g)) sections.set(match[1], match[0]);
  return sections;
}

function writeReport(fresh) {
  const sections = previousSections();
  for (const outcome of fresh) sections.set(outcome.name, section(outcome));
  // Scenarios whose file is gone drop out of the report.
  const names = [...sections.keys()].filter((name) => all.includes(`${name}.bench.ts`)).sort();
  const text = [
    '# Benchmarks',
    '',
    'Generated by `npm run bench` (bench/run.mjs); do not edit by hand. Each scenario runs in its own',
    'process on a throwaway config dir, and each figure sits beside a floor measured in the same run:',
    'the same work done without zenml. `npm run bench -- <name>` re-runs matching scenarios and',
    'replaces only their sections. Benchmarks are measurements, not tests: a missed target is shown',
    'here as **no**, it does not fail the build (the CLI start-up guard, `npm run bench:startup`, does).',
    'A run deletes what its scenarios wrote only at its end: on ext4 without a journal, files freed in the',
    'last six minutes make every new one slower, so a run started sooner after the last first waits, and',
    'a run worth recording starts six minutes after any bulk delete (a build, the tests) (bench/lib/deferred-deletions.mjs).',
    '',
    `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${fresh.map((o) => o.name).join(', ')})`,
    '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${machine.cpu} |`,
    `| cores | ${machine.cores} |`,
    `| memory | ${machine.memory} |`,
    `| load average (1/5/15 min) at start | ${machine.load} |`,
    `| Node | ${process.version} (${machine.platform}) |`,
    `| first write to a page of fresh memory, at start | ${machine.pageTouch} |`,
    `| a new folder and a small file in it (median of 200), at start | ${machine.fileCreation} |`,
    '',
    ...names.map((name) => `${sections.get(name)}\n`),
  ].join('\n');
  mkdirSync(dirname(OUTPUT), { recursive: true });
  const temp = `${OUTPUT}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, OUTPUT);
}
