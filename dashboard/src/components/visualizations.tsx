// An artifact version's visualizations, as the server renders them
// (GET /artifact_versions/<id>/visualize?index=N → { type, value }). HTML runs in a sandboxed
// iframe with no scripts; Markdown is drawn as plain elements; nothing becomes innerHTML.
import type { ArtifactVersion, Visualized } from '../types.js';
import { useApi } from '../use-api.js';
import { Empty, ErrorNote, Json, Loading } from './common.js';
import { CsvTable } from './csv-table.js';
import { Markdown } from './markdown.js';

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function VisualizationView({ visualized, label }: { visualized: Visualized; label: string }) {
  switch (visualized.type) {
    case 'html':
      return <iframe className="viz-html" sandbox="" srcDoc={visualized.value} title={label} />;
    case 'markdown':
      return <Markdown text={visualized.value} />;
    case 'csv':
      return <CsvTable text={visualized.value} caption={label} />;
    case 'json':
      return <Json value={parsedJson(visualized.value)} label={label} />;
    case 'image':
      return <img className="viz-image" src={visualized.value} alt={label} />;
    default:
      return (
        <pre className="json" tabIndex={0} aria-label={label}>
          {visualized.value}
        </pre>
      );
  }
}

function OneVisualization({ version, index, type }: { version: ArtifactVersion; index: number; type: string }) {
  const label = `Visualization ${index + 1} of ${version.name} (${type})`;
  const visualized = useApi<Visualized>(`/artifact_versions/${version.id}/visualize`, { index });
  return (
    <figure className="viz" data-visualization={type}>
      {visualized.data ? <VisualizationView visualized={visualized.data} label={label} /> : visualized.error ? <ErrorNote error={visualized.error} /> : <Loading what="the visualization" />}
      <figcaption className="muted">{label}</figcaption>
    </figure>
  );
}

export function Visualizations({ version }: { version: ArtifactVersion }) {
  return (
    <section aria-labelledby="viz-title">
      <h2 id="viz-title">Visualizations</h2>
      {version.visualizations.length === 0 ? (
        <Empty>This version has no visualizations.</Empty>
      ) : (
        version.visualizations.map((visualization, index) => <OneVisualization key={index} version={version} index={index} type={visualization.type} />)
      )}
    </section>
  );
}
