// The selected step: status, cache, duration, attempts, parameters, inputs and outputs (links
// to their artifacts), metadata, the error, and the logs once stored.
import { duration, when } from '../format.js';
import { Link } from '../router.js';
import { FINISHED, type ArtifactVersion, type MetadataEntry, type StepRun, type StepSpec } from '../types.js';
import { useApi } from '../use-api.js';
import { Empty, Fields, Json, StatusBadge } from './common.js';
import { MetadataTable } from './metadata-table.js';

function ArtifactLink({ versionId }: { versionId: string }) {
  const version = useApi<ArtifactVersion>(`/artifact_versions/${versionId}`);
  if (!version.data) return <code>{versionId.slice(0, 8)}</code>;
  return (
    <Link href={`/artifacts/${version.data.artifactId}?version=${version.data.id}`}>
      {version.data.name} v{String(version.data.version)}
    </Link>
  );
}

function ArtifactList({ title, ids }: { title: string; ids: Record<string, string> }) {
  const entries = Object.entries(ids);
  return (
    <section>
      <h3>{title}</h3>
      {entries.length === 0 ? (
        <Empty>None.</Empty>
      ) : (
        <ul className="plain">
          {entries.map(([name, id]) => (
            <li key={name}>
              <span className="muted">{name}: </span>
              <ArtifactLink versionId={id} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StepLogs({ step }: { step: StepRun }) {
  const logs = useApi<{ value: string | null }>(step.logsUri ? `/steps/${step.id}/logs` : undefined, undefined, FINISHED.includes(step.status) ? undefined : 2000);
  if (!step.logsUri) return <Empty>No logs stored for this step.</Empty>;
  if (logs.error) return <Empty>Logs are not readable from the server ({logs.error.message}).</Empty>;
  if (logs.data && logs.data.value === null) return <Empty>No logs stored for this step.</Empty>;
  return (
    <pre className="logs" tabIndex={0} role="log" aria-label="Step logs">
      {logs.data?.value ?? 'Loading logs…'}
    </pre>
  );
}

export function StepPanel({ invocation, step, spec, onClose }: { invocation: string; step?: StepRun; spec?: StepSpec; onClose(): void }) {
  const metadata = useApi<Record<string, MetadataEntry>>(step ? `/metadata/step_run/${step.id}` : undefined);
  return (
    <aside className="panel" aria-labelledby="step-title">
      <header>
        <h2 id="step-title">Step {invocation}</h2>
        <button type="button" onClick={onClose} aria-label="Close step panel">
          Close
        </button>
      </header>
      {!step ? (
        <>
          <p>
            <StatusBadge status="pending" /> Not started yet.
          </p>
          {spec && <Json value={spec.parameters} label="Parameters" />}
        </>
      ) : (
        <>
          <Fields
            entries={[
              ['Status', <StatusBadge status={step.status} />],
              ['Step', step.stepName],
              ['Cache', step.cached ? <>cached{step.originalStepRunId ? ` (from step run ${step.originalStepRunId.slice(0, 8)})` : ''}</> : 'not cached'],
              ['Duration', duration(step.started ?? step.created, FINISHED.includes(step.status) ? (step.ended ?? step.started) : undefined)],
              ['Started', when(step.started)],
              ['Attempts', `${step.attempts} (${Math.max(0, step.attempts - 1)} retries)`],
            ]}
          />
          {step.error && (
            <section>
              <h3>Error</h3>
              <pre className="error-text">{step.error}</pre>
            </section>
          )}
          <section>
            <h3>Parameters</h3>
            {Object.keys(step.parameters).length ? <Json value={step.parameters} label="Parameters" /> : <Empty>None.</Empty>}
          </section>
          <ArtifactList title="Inputs" ids={step.inputs} />
          <ArtifactList title="Outputs" ids={step.outputs} />
          <section>
            <h3>Metadata</h3>
            <MetadataTable metadata={metadata.data} />
          </section>
          <section>
            <h3>Logs</h3>
            <StepLogs step={step} />
          </section>
        </>
      )}
    </aside>
  );
}
