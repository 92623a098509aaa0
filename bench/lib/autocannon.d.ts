// The part of autocannon's API bench/scenarios/server-load uses (it ships no types; @types/autocannon is not installed).
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  }
  export default function autocannon(options: { url: string; connections?: number; duration?: number; pipelining?: number; headers?: Record<string, string> }): Promise<Result>;
}
