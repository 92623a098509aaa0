// Models with their latest version and version counts.
import { Empty, PageTitle, Show } from '../components/common.js';
import { ListTable } from '../components/list-table.js';
import { when } from '../format.js';
import { Link } from '../router.js';
import type { Model, Page } from '../types.js';
import { useApi } from '../use-api.js';

export default function ModelsPage() {
  const models = useApi<Page<Model>>('/models', { size: 100, sortBy: 'desc:created' });
  return (
    <>
      <PageTitle title="Models" />
      <Show loaded={models} what="models">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No models yet: give a pipeline a model, or run `zenml model register NAME`.</Empty>
          ) : (
            <ListTable
              caption="Models"
              items={data.items}
              columns={[
                { title: 'Name', cell: (model) => <Link href={`/models/${model.id}`}>{model.name}</Link> },
                { title: 'Latest version', cell: (model) => model.latestVersion ?? '—' },
                { title: 'Versions', cell: (model) => model.versionCount },
                { title: 'Tags', cell: (model) => model.tags.join(', ') },
                { title: 'Created', cell: (model) => when(model.created) },
              ]}
            />
          )
        }
      </Show>
    </>
  );
}
