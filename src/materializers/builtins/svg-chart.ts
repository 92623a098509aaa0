import type { ArtifactFiles } from '../../core/artifact-store.js';
import type { Visualization } from '../../core/materializer.js';

export const CHART_FILE = 'chart.svg';

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { left: 64, right: 16, top: 28, bottom: 28 };
/** Points across the chart: each shows the min and max of its slice of the series. */
const BUCKETS = 320;
/**
 * Values read per bucket at most. Series longer than BUCKETS × this are sampled evenly,
 * so a chart of a gigabyte array costs the same few milliseconds as one of a megabyte.
 */
const READS_PER_BUCKET = 256;

interface Bucket {
  index: number;
  min: number;
  max: number;
}

/**
 * Writes a line chart of a numeric series (index on x, value on y) as a self-contained SVG:
 * no scripts, no fonts to fetch, readable at any size. Non-finite values are left out.
 * Returns no visualization when the series has fewer than two finite values.
 */
export async function writeSeriesChart(files: ArtifactFiles, title: string, length: number, at: (index: number) => number): Promise<Visualization[]> {
  const { buckets, sampled } = bucketsOf(length, at);
  if (buckets.length < 2) return [];
  await files.writeFile(CHART_FILE, seriesSvg(title + (sampled ? ' (sampled)' : ''), length, buckets));
  return [{ type: 'image', file: CHART_FILE }];
}

function bucketsOf(length: number, at: (index: number) => number): { buckets: Bucket[]; sampled: boolean } {
  const count = Math.min(length, BUCKETS);
  const perBucket = length / count;
  const step = Math.max(1, Math.floor(perBucket / READS_PER_BUCKET));
  const buckets: Bucket[] = [];
  for (let b = 0; b < count; b++) {
    const start = Math.floor(b * perBucket);
    const end = Math.max(start + 1, Math.floor((b + 1) * perBucket));
    let min = Infinity;
    let max = -Infinity;
    for (let i = start; i < end; i += step) {
      const value = at(i);
      if (!Number.isFinite(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    if (min <= max) buckets.push({ index: start, min, max });
  }
  return { buckets, sampled: step > 1 };
}

function seriesSvg(title: string, length: number, buckets: Bucket[]): string {
  let low = Math.min(...buckets.map((bucket) => bucket.min));
  let high = Math.max(...buckets.map((bucket) => bucket.max));
  if (low === high) {
    low -= 1;
    high += 1;
  }
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index: number) => PAD.left + (length <= 1 ? 0 : (index / (length - 1)) * plotWidth);
  const y = (value: number) => PAD.top + (1 - (value - low) / (high - low)) * plotHeight;
  const coord = (n: number) => n.toFixed(1);
  // The band between each slice's min and max, with the line through their middles on top.
  const upper = buckets.map((bucket) => `${coord(x(bucket.index))},${coord(y(bucket.max))}`);
  const lower = buckets.map((bucket) => `${coord(x(bucket.index))},${coord(y(bucket.min))}`).reverse();
  const middle = buckets.map((bucket) => `${coord(x(bucket.index))},${coord(y((bucket.min + bucket.max) / 2))}`);
  const bottom = HEIGHT - PAD.bottom;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="18" font-size="12" fill="#222222">${escapeXml(title)}</text>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}" stroke="#888888"/>`,
    `<line x1="${PAD.left}" y1="${bottom}" x2="${WIDTH - PAD.right}" y2="${bottom}" stroke="#888888"/>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end" fill="#444444">${escapeXml(formatTick(high))}</text>`,
    `<text x="${PAD.left - 6}" y="${bottom}" text-anchor="end" fill="#444444">${escapeXml(formatTick(low))}</text>`,
    `<text x="${PAD.left}" y="${bottom + 16}" fill="#444444">0</text>`,
    `<text x="${WIDTH - PAD.right}" y="${bottom + 16}" text-anchor="end" fill="#444444">${length - 1}</text>`,
    `<polygon points="${[...upper, ...lower].join(' ')}" fill="#4c78a8" fill-opacity="0.25" stroke="none"/>`,
    `<polyline points="${middle.join(' ')}" fill="none" stroke="#4c78a8" stroke-width="1.5"/>`,
    '</svg>',
    '',
  ].join('\n');
}

function formatTick(value: number): string {
  return Math.abs(value) >= 1e6 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(3) : String(Number(value.toPrecision(6)));
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
