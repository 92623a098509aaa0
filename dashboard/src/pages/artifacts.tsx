// Artifacts, newest first, with their version counts.
import { NamedListPage } from '../components/named-list-page.js';
import { when } from '../format.js';
import { Link } from '../router.js';
import type { Artifact } from '../types.js';

export default function ArtifactsPage() {
  return (
    <NamedListPage<Artifact>
      title="Artifacts"
      path="/artifacts"
      what="artifacts"
      empty="No artifacts yet."
      columns={[
        { title: 'Name', cell: (artifact) => <Link href={`/artifacts/${artifact.id}`}>{artifact.name}</Link> },
        { title: 'Latest version', cell: (artifact) => String(artifact.latestVersion ?? '—') },
        { title: 'Versions', cell: (artifact) => artifact.versionCount },
        { title: 'Tags', cell: (artifact) => artifact.tags.join(', ') },
        { title: 'Created', cell: (artifact) => when(artifact.created) },
      ]}
    />
  );
}
