// Pipelines, newest first, each with a link to its runs.
import { useState } from 'react';
import { Empty, PageTitle, Show } from '../components/common.js';
import { Pager } from '../components/pager.js';
import { when } from '../format.js';
import { Link } from '../router.js';
import type { Page, Pipeline } from '../types.js';
import { useApi } from '../use-api.js';
import { TableWrap } from '../components/table-wrap.js';

const SIZE = 20;

export function PipelinesPage() {
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const pipelines = useApi<Page<Pipeline>>('/pipelines', { page, size: SIZE, sortBy: 'desc:created', name: name ? `contains:${name}` : undefined });
  return (
    <>
      <PageTitle title="Pipelines" />
      <div className="filters">
        <label>
          Name contains
          <input type="search" value={name} onChange={(event) => (setName(event.target.value), setPage(1))} />
        </label>
      </div>
      <Show loaded={pipelines} what="pipelines">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No pipelines yet: run one with `zenml pipeline run FILE`.</Empty>
          ) : (
            <>
              <TableWrap label="Pipelines">
                <table>
                  <caption className="sr-only">Pipelines</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Description</th>
                      <th scope="col">Tags</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((pipeline) => (
                      <tr key={pipeline.id}>
                        <td>
                          <Link href={`/pipelines/${pipeline.id}`}>{pipeline.name}</Link>
                        </td>
                        <td>{pipeline.description ?? ''}</td>
                        <td>{pipeline.tags.join(', ')}</td>
                        <td>{when(pipeline.created)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pager page={page} size={SIZE} total={data.total} onPage={setPage} />
            </>
          )
        }
      </Show>
    </>
  );
}
