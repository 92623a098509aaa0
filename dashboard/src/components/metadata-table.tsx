// Metadata as a key/value table (the latest value per key).
import type { MetadataEntry } from '../types.js';
import { Empty } from './common.js';
import { TableWrap } from './table-wrap.js';

export function MetadataTable({ metadata }: { metadata?: Record<string, MetadataEntry> }) {
  if (!metadata) return null;
  const entries = Object.values(metadata);
  if (entries.length === 0) return <Empty>No metadata.</Empty>;
  return (
    <TableWrap label="Metadata">
      <table className="compact">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.key}>
              <th scope="row">{entry.key}</th>
              <td>{typeof entry.value === 'object' ? JSON.stringify(entry.value) : String(entry.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
