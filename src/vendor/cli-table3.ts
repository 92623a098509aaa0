// Bundled into one module at build time like ./kysely.ts: cli-table3 and its helpers
// (string-width, strip-ansi, …) are a dozen CommonJS files every table-printing command
// resolved and compiled on each start; the bundle's compiled code is cached.
import Table from 'cli-table3';

export default Table;
