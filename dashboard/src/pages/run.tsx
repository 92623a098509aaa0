// A run: its summary, its DAG coloured by status (polled while the run goes on), the steps as
// a list, and the selected step's panel.
import { useEffect, useMemo, useState } from 'react';
import { Fields, PageTitle, Show, StatusBadge } from '../components/common.js';
import { RunDag } from '../components/dag.js';
import { StepPanel } from '../components/step-panel.js';
import { duration, when } from '../format.js';
import { Link, setSearchParam, useLocation } from '../router.js';
import { FINISHED, type Run, type Snapshot, type Stack, type StepRun } from '../types.js';
import { useApi } from '../use-api.js';
import { useUserNames } from '../users.js';
import { TableWrap } from '../components/table-wrap.js';

const POLL_MS = 1000;

export default function RunPage({ id }: { id: string }) {
  const run = useApi<Run>(`/runs/${encodeURIComponent(id)}`);
  const [latest, setLatest] = useState<Run>();
  const current = latest?.id === run.data?.id ? (latest ?? run.data) : run.data;
  const running = current !== undefined && !FINISHED.includes(current.status);
  const live = useApi<Run>(running ? `/runs/${current.id}` : undefined, undefined, running ? POLL_MS : undefined);
  useEffect(() => {
    if (live.data) setLatest(live.data);
  }, [live.data]);
  const snapshot = useApi<Snapshot>(current ? `/snapshots/${current.snapshotId}` : undefined);
  const steps = useApi<StepRun[]>(current ? `/runs/${current.id}/steps` : undefined, undefined, running ? POLL_MS : undefined);
  const stack = useApi<Stack>(current?.stackId ? `/stacks/${current.stackId}` : undefined);
  const userName = useUserNames();
  // One more look at the steps once the run has finished: the last poll may predate the last step.
  const reloadSteps = steps.reload;
  useEffect(() => {
    if (!running) reloadSteps();
  }, [running, reloadSteps]);
  const selected = useLocation().searchParams.get('step') ?? undefined;
  const byInvocation = useMemo(() => new Map((steps.data ?? []).map((step) => [step.invocationId, step])), [steps.data]);
  const statuses = useMemo(() => new Map([...byInvocation].map(([invocation, step]) => [invocation, step.status])), [byInvocation]);
  const specSteps = snapshot.data?.spec.steps ?? [];
  const select = (invocation: string) => setSearchParam('step', invocation);
  if (!current) return <Show loaded={run} what="the run">{() => null}</Show>;
  return (
    <>
      <PageTitle title={current.name}>
        <StatusBadge status={current.status} />
        {running && <span className="muted live" role="status">Updating live</span>}
      </PageTitle>
      <Fields
        entries={[
          ['Pipeline', <Link href={`/pipelines/${current.pipelineId}`}>{current.pipelineName}</Link>],
          ['Duration', duration(current.started ?? current.created, running ? undefined : (current.ended ?? current.started))],
          ['Started', when(current.started ?? current.created)],
          ['Run by', userName(current.owner)],
          ['Stack', stack.data?.name ?? current.stackId ?? '—'],
          ['Tags', current.tags.join(', ') || '—'],
          ...(current.statusReason ? [['Reason', current.statusReason] as [string, string]] : []),
        ]}
      />
      <div className="run-body">
        <section aria-label="DAG" className="run-dag">
          <Show loaded={snapshot} what="the DAG">
            {() => <RunDag steps={specSteps} statuses={statuses} selected={selected} onSelect={select} />}
          </Show>
        </section>
        {selected && (
          <StepPanel invocation={selected} step={byInvocation.get(selected)} spec={specSteps.find((step) => step.id === selected)} onClose={() => setSearchParam('step', undefined)} />
        )}
      </div>
      <section aria-labelledby="steps-title">
        <h2 id="steps-title">Steps</h2>
        <TableWrap label="Steps">
          <table>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Status</th>
                <th scope="col">Duration</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {specSteps.map((spec) => {
                const step = byInvocation.get(spec.id);
                return (
                  <tr key={spec.id}>
                    <td>
                      <button type="button" className="link" onClick={() => select(spec.id)} aria-pressed={selected === spec.id}>
                        {spec.id}
                      </button>
                    </td>
                    <td>
                      <StatusBadge status={step?.status ?? 'pending'} />
                    </td>
                    <td>{step ? duration(step.started ?? step.created, FINISHED.includes(step.status) ? (step.ended ?? step.started) : undefined) : '—'}</td>
                    <td>{step?.attempts ?? 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
}
