// A plain list page's table: a caption for screen readers, a header row, one row per item.
import type { ReactNode } from 'react';
import { TableWrap } from './table-wrap.js';

export interface Column<T> {
  title: string;
  cell(item: T): ReactNode;
}

export function ListTable<T extends { id: string }>({ caption, items, columns }: { caption: string; items: T[]; columns: Column<T>[] }) {
  return (
    <TableWrap label={caption}>
      <table>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.title}>
                {column.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              {columns.map((column) => (
                <td key={column.title}>{column.cell(item)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
