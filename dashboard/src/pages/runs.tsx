// Runs, newest first: of every pipeline, or of one (/pipelines/<id>); filtered by status and
// name, paged. Active runs refresh on their own.
import { Empty, PageTitle, Show, StatusBadge } from '../components/common.js';
import { Pager } from '../components/pager.js';
import { duration, when } from '../format.js';
import { Link, setSearchParam, useLocation } from '../router.js';
import { FINISHED, type Page, type Pipeline, type Run } from '../types.js';
import { useApi } from '../use-api.js';
import { useUserNames } from '../users.js';
import { TableWrap } from '../components/table-wrap.js';

const SIZE = 20;
const STATUSES = ['', 'running', 'completed', 'cached', 'failed', 'stopped', 'initializing', 'retrying'];

export function RunsPage({ pipelineId }: { pipelineId?: string }) {
  const url = useLocation();
  const page = Number(url.searchParams.get('page') ?? 1) || 1;
  const status = url.searchParams.get('status') ?? '';
  const name = url.searchParams.get('name') ?? '';
  const pipeline = useApi<Pipeline>(pipelineId ? `/pipelines/${encodeURIComponent(pipelineId)}` : undefined);
  const query = { page, size: SIZE, status: status || undefined, name: name ? `contains:${name}` : undefined, pipeline: pipeline.data?.name };
  const waiting = pipelineId !== undefined && !pipeline.data;
  const runs = useApi<Page<Run>>(waiting ? undefined : '/runs', query, 3000);
  const userName = useUserNames();
  const filter = (key: string, value: string) => {
    setSearchParam('page', undefined);
    setSearchParam(key, value);
  };
  return (
    <>
      <PageTitle title={pipeline.data ? `Runs of ${pipeline.data.name}` : 'Runs'}>{pipeline.data?.description && <p>{pipeline.data.description}</p>}</PageTitle>
      <div className="filters">
        <label>
          Status
          <select value={status} onChange={(event) => filter('status', event.target.value)}>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value || 'any'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name contains
          <input type="search" defaultValue={name} onChange={(event) => filter('name', event.target.value)} />
        </label>
      </div>
      {pipeline.error ? <Show loaded={pipeline} what="the pipeline">{() => null}</Show> : null}
      <Show loaded={runs} what="runs">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No runs match.</Empty>
          ) : (
            <>
              <TableWrap label="Runs">
                <table>
                  <caption className="sr-only">Runs</caption>
                  <thead>
                    <tr>
                      <th scope="col">Run</th>
                      <th scope="col">Pipeline</th>
                      <th scope="col">Status</th>
                      <th scope="col">Duration</th>
                      <th scope="col">Started</th>
                      <th scope="col">Run by</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((run) => (
                      <tr key={run.id} data-run-id={run.id}>
                        <td>
                          <Link href={`/runs/${run.id}`}>{run.name}</Link>
                        </td>
                        <td>
                          <Link href={`/pipelines/${run.pipelineId}`}>{run.pipelineName}</Link>
                        </td>
                        <td>
                          <StatusBadge status={run.status} />
                        </td>
                        <td>{duration(run.started ?? run.created, FINISHED.includes(run.status) ? (run.ended ?? run.started) : undefined)}</td>
                        <td>{when(run.started ?? run.created)}</td>
                        <td>{userName(run.owner)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              <Pager page={page} size={SIZE} total={data.total} onPage={(next) => setSearchParam('page', String(next), false)} />
            </>
          )
        }
      </Show>
    </>
  );
}
