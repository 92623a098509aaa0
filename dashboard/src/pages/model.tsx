// A model: its card, its versions with their stages and metadata; promote a version to
// staging or production, or archive it, after a confirmation.
import { useState } from 'react';
import { api } from '../api.js';
import { Empty, ErrorNote, Fields, PageTitle, Show, StatusBadge } from '../components/common.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { MetadataTable } from '../components/metadata-table.js';
import { when } from '../format.js';
import { Link } from '../router.js';
import type { MetadataEntry, Model, ModelVersion, Page } from '../types.js';
import { useApi } from '../use-api.js';
import { useUserNames } from '../users.js';

type Stage = ModelVersion['stage'];
interface StageChange {
  version: ModelVersion;
  stage: Stage;
  /** The version now holding that stage, which moves to archived. */
  holder?: ModelVersion;
}

function VersionMetadata({ version }: { version: ModelVersion }) {
  const metadata = useApi<Record<string, MetadataEntry>>(`/metadata/model_version/${version.id}`);
  return <MetadataTable metadata={metadata.data} />;
}

function VersionCard({ version, onChange }: { version: ModelVersion; onChange(stage: Stage): void }) {
  const userName = useUserNames();
  const actions: Array<[Stage, string]> = [
    ['staging', 'Promote to staging'],
    ['production', 'Promote to production'],
    ['archived', 'Archive'],
  ];
  return (
    <article className="card" aria-labelledby={`mv-${version.id}`} data-model-version={version.number}>
      <header>
        <h3 id={`mv-${version.id}`}>
          Version {version.name}
          {version.name !== String(version.number) ? ` (#${version.number})` : ''}
        </h3>
        <StatusBadge status={`stage-${version.stage}`} />
      </header>
      <Fields
        entries={[
          ['Stage', version.stage],
          ['Stage set by', version.stageChangedBy ? `${userName(version.stageChangedBy)} on ${when(version.stageChangedAt)}` : '—'],
          ['Produced by run', version.producerRunId ? <Link href={`/runs/${version.producerRunId}`}>{version.producerRunId.slice(0, 8)}</Link> : '—'],
          ['Description', version.description ?? '—'],
          ['Tags', version.tags.join(', ') || '—'],
          ['Created', when(version.created)],
        ]}
      />
      <details>
        <summary>Metadata</summary>
        <VersionMetadata version={version} />
      </details>
      <div className="actions">
        {actions
          .filter(([stage]) => stage !== version.stage)
          .map(([stage, label]) => (
            <button type="button" key={stage} onClick={() => onChange(stage)} aria-label={`${label}: version ${version.name}`}>
              {label}
            </button>
          ))}
      </div>
    </article>
  );
}

export default function ModelPage({ id }: { id: string }) {
  const model = useApi<Model>(`/models/${encodeURIComponent(id)}`);
  const versions = useApi<Page<ModelVersion>>(model.data ? '/model_versions' : undefined, { model: model.data?.id, size: 100, sortBy: 'desc:created' });
  const [change, setChange] = useState<StageChange>();
  const [error, setError] = useState<Error>();
  const ask = (version: ModelVersion, stage: Stage) => {
    const holder = stage === 'staging' || stage === 'production' ? versions.data?.items.find((other) => other.stage === stage) : undefined;
    setError(undefined);
    setChange({ version, stage, holder });
  };
  const confirm = async () => {
    if (!change) return;
    const { version, stage } = change;
    setChange(undefined);
    try {
      await api(`/model_versions/${version.id}`, { method: 'PUT', body: { stage, force: true } });
      versions.reload();
    } catch (failure) {
      setError(failure as Error);
    }
  };
  return (
    <Show loaded={model} what="the model">
      {(data) => (
        <>
          <PageTitle title={data.name}>{data.description && <p>{data.description}</p>}</PageTitle>
          <Fields
            entries={[
              ['License', data.license ?? '—'],
              ['Versions', data.versionCount],
              ['Tags', data.tags.join(', ') || '—'],
              ['Created', when(data.created)],
            ]}
          />
          {error && <ErrorNote error={error} />}
          <h2>Versions</h2>
          <Show loaded={versions} what="versions">
            {(page) => (page.items.length === 0 ? <Empty>No versions yet.</Empty> : <div className="cards">{page.items.map((version) => <VersionCard key={version.id} version={version} onChange={(stage) => ask(version, stage)} />)}</div>)}
          </Show>
          {change && (
            <ConfirmDialog
              title={change.stage === 'archived' ? `Archive version ${change.version.name}?` : `Promote version ${change.version.name} to ${change.stage}?`}
              confirmLabel={change.stage === 'archived' ? 'Archive' : 'Promote'}
              onConfirm={() => void confirm()}
              onCancel={() => setChange(undefined)}
            >
              <p>
                Version {change.version.name} of {data.name} moves from {change.version.stage} to {change.stage}.
              </p>
              {change.holder && change.holder.id !== change.version.id && (
                <p>
                  Version {change.holder.name} is in {change.stage} now: it will be archived.
                </p>
              )}
            </ConfirmDialog>
          )}
        </>
      )}
    </Show>
  );
}
