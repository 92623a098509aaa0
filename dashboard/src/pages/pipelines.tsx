// Pipelines, newest first, each with a link to its runs.
import { NamedListPage } from '../components/named-list-page.js';
import { when } from '../format.js';
import { Link } from '../router.js';
import type { Pipeline } from '../types.js';

export function PipelinesPage() {
  return (
    <NamedListPage<Pipeline>
      title="Pipelines"
      path="/pipelines"
      what="pipelines"
      empty="No pipelines yet: run one with `zenml pipeline run FILE`."
      columns={[
        { title: 'Name', cell: (pipeline) => <Link href={`/pipelines/${pipeline.id}`}>{pipeline.name}</Link> },
        { title: 'Description', cell: (pipeline) => pipeline.description ?? '' },
        { title: 'Tags', cell: (pipeline) => pipeline.tags.join(', ') },
        { title: 'Created', cell: (pipeline) => when(pipeline.created) },
      ]}
    />
  );
}
