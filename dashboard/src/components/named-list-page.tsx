// A page that lists one kind of named entity, newest first: a "name contains" filter, the
// table and the pager. Pages with more filters (runs) build on the same parts themselves.
import { useState, type ReactNode } from 'react';
import type { Page } from '../types.js';
import { useApi } from '../use-api.js';
import { Empty, PageTitle, Show } from './common.js';
import { ListTable, type Column } from './list-table.js';
import { Pager } from './pager.js';

const SIZE = 20;

export interface NamedListPageProps<T> {
  title: string;
  /** The API list route, e.g. `/pipelines`. */
  path: string;
  /** Plural noun for loading and error messages. */
  what: string;
  empty: ReactNode;
  columns: Column<T>[];
}

export function NamedListPage<T extends { id: string }>({ title, path, what, empty, columns }: NamedListPageProps<T>) {
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const list = useApi<Page<T>>(path, { page, size: SIZE, sortBy: 'desc:created', name: name ? `contains:${name}` : undefined });
  return (
    <>
      <PageTitle title={title} />
      <div className="filters">
        <label>
          Name contains
          <input type="search" value={name} onChange={(event) => (setName(event.target.value), setPage(1))} />
        </label>
      </div>
      <Show loaded={list} what={what}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{empty}</Empty>
          ) : (
            <>
              <ListTable caption={title} items={data.items} columns={columns} />
              <Pager page={page} size={SIZE} total={data.total} onPage={setPage} />
            </>
          )
        }
      </Show>
    </>
  );
}
