// Artifacts, newest first, with their version counts.
import { useState } from 'react';
import { Empty, PageTitle, Show } from '../components/common.js';
import { ListTable } from '../components/list-table.js';
import { Pager } from '../components/pager.js';
import { when } from '../format.js';
import { Link } from '../router.js';
import type { Artifact, Page } from '../types.js';
import { useApi } from '../use-api.js';

const SIZE = 20;

export default function ArtifactsPage() {
  const [page, setPage] = useState(1);
  const [name, setName] = useState('');
  const artifacts = useApi<Page<Artifact>>('/artifacts', { page, size: SIZE, sortBy: 'desc:created', name: name ? `contains:${name}` : undefined });
  return (
    <>
      <PageTitle title="Artifacts" />
      <div className="filters">
        <label>
          Name contains
          <input type="search" value={name} onChange={(event) => (setName(event.target.value), setPage(1))} />
        </label>
      </div>
      <Show loaded={artifacts} what="artifacts">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No artifacts yet.</Empty>
          ) : (
            <>
              <ListTable
                caption="Artifacts"
                items={data.items}
                columns={[
                  { title: 'Name', cell: (artifact) => <Link href={`/artifacts/${artifact.id}`}>{artifact.name}</Link> },
                  { title: 'Latest version', cell: (artifact) => String(artifact.latestVersion ?? '—') },
                  { title: 'Versions', cell: (artifact) => artifact.versionCount },
                  { title: 'Tags', cell: (artifact) => artifact.tags.join(', ') },
                  { title: 'Created', cell: (artifact) => when(artifact.created) },
                ]}
              />
              <Pager page={page} size={SIZE} total={data.total} onPage={setPage} />
            </>
          )
        }
      </Show>
    </>
  );
}
