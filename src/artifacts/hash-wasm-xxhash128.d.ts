// hash-wasm ships one file per algorithm without its own types; this one has the package's xxh128 API.
declare module 'hash-wasm/dist/xxhash128.umd.min.js' {
  export { createXXHash128, xxhash128 } from 'hash-wasm';
}
