// Bundled into one module at build time like ./kysely.ts: ajv and its dependencies are
// dozens of CommonJS files, loaded on every run and component registration.
import Ajv from 'ajv';

export default Ajv;
