// Stacks and their components: flavors and configs (secret values masked). The active stack is
// each client's own choice (ZenML keeps it in the client's config), so "Set active" gives the
// command that makes it so on a machine.
import { useMemo, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { Empty, Json, PageTitle, Show } from '../components/common.js';
import { when } from '../format.js';
import { maskConfig } from '../mask-config.js';
import type { Component, Page, Stack } from '../types.js';
import { useApi } from '../use-api.js';
import { useUserNames } from '../users.js';

function ComponentRow({ component }: { component?: Component }) {
  if (!component) return <Empty>(deleted component)</Empty>;
  return (
    <details>
      <summary>
        {component.name} <span className="muted">({component.flavor})</span>
      </summary>
      <Json value={maskConfig(component.config)} label={`Config of ${component.name}`} />
    </details>
  );
}

export default function StacksPage() {
  const stacks = useApi<Page<Stack>>('/stacks', { size: 200, sortBy: 'asc:name' });
  const components = useApi<Page<Component>>('/components', { size: 1000 });
  const userName = useUserNames();
  const [activating, setActivating] = useState<Stack>();
  const [copied, setCopied] = useState<string>();
  const byId = useMemo(() => new Map((components.data?.items ?? []).map((component) => [component.id, component])), [components.data]);
  const command = (stack: Stack) => `zenml stack set ${stack.name}`;
  return (
    <>
      <PageTitle title="Stacks" />
      {copied && (
        <p role="status" className="muted">
          Copied: {copied}
        </p>
      )}
      <Show loaded={stacks} what="stacks">
        {(data) => (
          <div className="cards">
            {data.items.map((stack) => (
              <article key={stack.id} className="card" aria-labelledby={`stack-${stack.id}`} data-stack={stack.name}>
                <header>
                  <h2 id={`stack-${stack.id}`}>{stack.name}</h2>
                  <button type="button" onClick={() => setActivating(stack)} aria-label={`Set ${stack.name} as the active stack`}>
                    Set active
                  </button>
                </header>
                <p className="muted">
                  Owner {userName(stack.owner)}, created {when(stack.created)}
                </p>
                <dl className="fields">
                  {Object.entries(stack.components).map(([type, id]) => (
                    <div key={type}>
                      <dt>{type}</dt>
                      <dd>
                        <ComponentRow component={byId.get(id)} />
                      </dd>
                    </div>
                  ))}
                </dl>
              </article>
            ))}
          </div>
        )}
      </Show>
      {activating && (
        <ConfirmDialog
          title={`Set ${activating.name} as the active stack`}
          confirmLabel="Copy command"
          onCancel={() => setActivating(undefined)}
          onConfirm={() => {
            const text = command(activating);
            void navigator.clipboard?.writeText(text).catch(() => undefined);
            setCopied(text);
            setActivating(undefined);
          }}
        >
          <p>The active stack belongs to each client connected to this server. On your machine, run:</p>
          <pre className="json">{command(activating)}</pre>
        </ConfirmDialog>
      )}
    </>
  );
}
