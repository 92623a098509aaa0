// An artifact: its versions; the selected one (?version=<id>, the newest by default) with its
// visualizations, metadata and lineage (the step and run that produced it, the steps that read it).
import { Empty, Fields, PageTitle, Show } from '../components/common.js';
import { MetadataTable } from '../components/metadata-table.js';
import { Visualizations } from '../components/visualizations.js';
import { when } from '../format.js';
import { Link, setSearchParam, useLocation } from '../router.js';
import type { Artifact, ArtifactVersion, MetadataEntry, Page, StepRun } from '../types.js';
import { useApi } from '../use-api.js';

function StepLink({ step }: { step: StepRun }) {
  return <Link href={`/runs/${step.runId}?step=${encodeURIComponent(step.invocationId)}`}>{step.invocationId}</Link>;
}

function Lineage({ version }: { version: ArtifactVersion }) {
  const producer = useApi<StepRun>(version.producerStepRunId ? `/steps/${version.producerStepRunId}` : undefined);
  const consumers = useApi<StepRun[]>(`/artifact_versions/${version.id}/consumers`);
  return (
    <section aria-labelledby="lineage-title">
      <h2 id="lineage-title">Lineage</h2>
      <Fields
        entries={[
          ['Produced by', producer.data ? <StepLink step={producer.data} /> : version.producerStepRunId ? '…' : 'registered outside a run'],
          ['In run', version.producerRunId ? <Link href={`/runs/${version.producerRunId}`}>{version.producerRunId.slice(0, 8)}</Link> : '—'],
        ]}
      />
      <h3>Consumed by</h3>
      {consumers.data && consumers.data.length === 0 && <Empty>No step has read this version yet.</Empty>}
      <ul className="plain">
        {(consumers.data ?? []).map((step) => (
          <li key={step.id}>
            <StepLink step={step} /> <span className="muted">in run {step.runId.slice(0, 8)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function VersionDetail({ version }: { version: ArtifactVersion }) {
  const metadata = useApi<Record<string, MetadataEntry>>(`/metadata/artifact_version/${version.id}`);
  return (
    <article aria-labelledby="version-title" className="version">
      <h2 id="version-title">
        {version.name} version {String(version.version)}
      </h2>
      <Fields
        entries={[
          ['Type', version.type],
          ['Data type', <code>{version.dataType}</code>],
          ['Materializer', <code>{version.materializer}</code>],
          ['Size', version.size === undefined ? '—' : `${version.size} bytes`],
          ['URI', <code className="wrap">{version.uri}</code>],
          ['Created', when(version.created)],
          ['Tags', version.tags.join(', ') || '—'],
        ]}
      />
      <Visualizations version={version} />
      <section aria-labelledby="metadata-title">
        <h2 id="metadata-title">Metadata</h2>
        <MetadataTable metadata={metadata.data} />
      </section>
      <Lineage version={version} />
    </article>
  );
}

export default function ArtifactPage({ id }: { id: string }) {
  const artifact = useApi<Artifact>(`/artifacts/${encodeURIComponent(id)}`);
  const versions = useApi<Page<ArtifactVersion>>(artifact.data ? '/artifact_versions' : undefined, { name: artifact.data?.name, sortBy: 'desc:created', size: 100 });
  const chosen = useLocation().searchParams.get('version');
  return (
    <Show loaded={artifact} what="the artifact">
      {(data) => (
        <>
          <PageTitle title={data.name} />
          <Show loaded={versions} what="versions">
            {(page) => {
              const mine = page.items.filter((version) => version.artifactId === data.id);
              const selected = mine.find((version) => version.id === chosen) ?? mine[0];
              if (!selected) return <Empty>No versions.</Empty>;
              return (
                <>
                  <div className="filters">
                    <label>
                      Version
                      <select value={selected.id} onChange={(event) => setSearchParam('version', event.target.value)}>
                        {mine.map((version) => (
                          <option key={version.id} value={version.id}>
                            {String(version.version)} — {when(version.created)}
                          </option>
                        ))}
                      </select>
                    </label>
                  </div>
                  <VersionDetail key={selected.id} version={selected} />
                </>
              );
            }}
          </Show>
        </>
      )}
    </Show>
  );
}
