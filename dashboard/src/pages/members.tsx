// Members and service accounts; admins also see each service account's API keys (never the keys themselves).
import { Empty, PageTitle, Show } from '../components/common.js';
import { ListTable } from '../components/list-table.js';
import { when } from '../format.js';
import { useSession } from '../session.js';
import type { ApiKey, Page, User } from '../types.js';
import { useApi } from '../use-api.js';

function ApiKeys({ account }: { account: User }) {
  const keys = useApi<Page<ApiKey>>(`/service_accounts/${account.id}/api_keys`, { size: 100 });
  return (
    <Show loaded={keys} what="API keys">
      {(data) =>
        data.items.length === 0 ? (
          <Empty>No API keys.</Empty>
        ) : (
          <ul className="plain">
            {data.items.map((key) => (
              <li key={key.id}>
                {key.name} <span className="muted">({key.active ? 'active' : 'inactive'}, created {when(key.created)})</span>
              </li>
            ))}
          </ul>
        )
      }
    </Show>
  );
}

export default function MembersPage() {
  const { user } = useSession();
  const users = useApi<Page<User>>('/users', { size: 1000, sortBy: 'asc:name' });
  const admin = user?.isAdmin ?? false;
  return (
    <>
      <PageTitle title="Members" />
      <Show loaded={users} what="members">
        {(data) => {
          const people = data.items.filter((item) => !item.isServiceAccount);
          const accounts = data.items.filter((item) => item.isServiceAccount);
          return (
            <>
              <ListTable
                caption="Members"
                items={people}
                columns={[
                  { title: 'Name', cell: (person) => person.name },
                  { title: 'Full name', cell: (person) => person.fullName ?? '' },
                  { title: 'Role', cell: (person) => (person.isAdmin ? 'admin' : 'member') },
                  { title: 'Active', cell: (person) => (person.active ? 'yes' : 'no') },
                  { title: 'Joined', cell: (person) => when(person.created) },
                ]}
              />
              <h2>Service accounts</h2>
              {accounts.length === 0 ? (
                <Empty>No service accounts.</Empty>
              ) : (
                <ListTable
                  caption="Service accounts"
                  items={accounts}
                  columns={[
                    { title: 'Name', cell: (account) => account.name },
                    { title: 'Active', cell: (account) => (account.active ? 'yes' : 'no') },
                    { title: 'API keys', cell: (account) => (admin ? <ApiKeys account={account} /> : 'admins only') },
                  ]}
                />
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}
