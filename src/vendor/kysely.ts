// kysely ships ~280 ES modules; loading them costs ~120 ms on every CLI start. The build
// bundles this file into one module (scripts/bundle-vendor.mjs), so import kysely's values
// from here. Type-only imports may use 'kysely' directly. Only what zenml uses is exported,
// so the bundle that every store-opening start reads leaves out the other dialects and
// plugins: add a name here when new code needs it.
export {
  AlterTableNode,
  BinaryOperationNode,
  CompiledQuery,
  CreateTableNode,
  DataTypeNode,
  Kysely,
  Migrator,
  OperationNodeTransformer,
  OperatorNode,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  expressionBuilder,
  sql,
} from 'kysely';
export type {
  Compilable,
  DatabaseConnection,
  Dialect,
  Expression,
  ExpressionBuilder,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  SqlBool,
  SqliteDatabase,
  SqliteDialectConfig,
  Transaction,
  UnknownRow,
} from 'kysely';
