// Secrets: names, keys, owner and visibility; never values (the API does not send them here).
import { Empty, PageTitle, Show } from '../components/common.js';
import { ListTable } from '../components/list-table.js';
import { when } from '../format.js';
import type { Page, Secret } from '../types.js';
import { useApi } from '../use-api.js';
import { useUserNames } from '../users.js';

export default function SecretsPage() {
  const secrets = useApi<Page<Secret>>('/secrets', { size: 500, sortBy: 'asc:name' });
  const userName = useUserNames();
  return (
    <>
      <PageTitle title="Secrets">
        <p className="muted">Names and keys only: read values with `zenml secret get NAME --reveal`.</p>
      </PageTitle>
      <Show loaded={secrets} what="secrets">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No secrets you can see.</Empty>
          ) : (
            <ListTable
              caption="Secrets"
              items={data.items}
              columns={[
                { title: 'Name', cell: (secret) => <span data-secret={secret.name}>{secret.name}</span> },
                { title: 'Keys', cell: (secret) => secret.keys.map((key) => <code key={key} className="key">{key}</code>) },
                { title: 'Visibility', cell: (secret) => (secret.private ? 'private' : 'shared') },
                { title: 'Owner', cell: (secret) => userName(secret.owner) },
                { title: 'Backend', cell: (secret) => secret.backend },
                { title: 'Created', cell: (secret) => when(secret.created) },
              ]}
            />
          )
        }
      </Show>
    </>
  );
}
