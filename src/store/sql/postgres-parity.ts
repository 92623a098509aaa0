import {
  AlterTableNode,
  BinaryOperationNode,
  CreateTableNode,
  DataTypeNode,
  OperationNodeTransformer,
  OperatorNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from '../../vendor/kysely.js';

/** Text types whose columns get byte-order collation on PostgreSQL. */
const TEXT_TYPE = /^(text|varchar(\(\d+\))?|char\(\d+\))$/;

/**
 * Text columns compare byte by byte, as SQLite's BINARY collation does, whatever locale the
 * database was created with: ISO dates and UUIDs then order the same on both, and id-prefix
 * lookups (`id >= 'ab12' and id < 'ab12~'`) stay index ranges. `text` becomes
 * `text collate "C"` in CREATE TABLE and ALTER TABLE only (a cast cannot take a collation).
 */
class ByteOrderTextColumns extends OperationNodeTransformer {
  protected override transformDataType(node: DataTypeNode): DataTypeNode {
    return TEXT_TYPE.test(node.dataType) ? { ...node, dataType: `${node.dataType} collate "C"` as DataTypeNode['dataType'] } : node;
  }
}

/**
 * `like` matches as SQLite's does, ignoring ASCII case: PostgreSQL's `ilike`, which under the
 * columns' "C" collation folds ASCII letters only, exactly like SQLite's.
 */
class CaseInsensitiveLike extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const transformed = super.transformBinaryOperation(node);
    if (!OperatorNode.is(transformed.operator)) return transformed;
    const operator = transformed.operator.operator;
    if (operator === 'like') return { ...transformed, operator: OperatorNode.create('ilike') };
    if (operator === 'not like') return { ...transformed, operator: OperatorNode.create('not ilike') };
    return transformed;
  }
}

/**
 * Makes kysely queries mean on PostgreSQL what they mean on SQLite, so the store's queries and
 * migrations are written once: byte-order text columns and ASCII-case-insensitive `like`.
 */
export class PostgresParityPlugin implements KyselyPlugin {
  readonly #ddl = new ByteOrderTextColumns();
  readonly #queries = new CaseInsensitiveLike();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (CreateTableNode.is(args.node) || AlterTableNode.is(args.node)) return this.#ddl.transformNode(args.node);
    return this.#queries.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
