// The shell: a skip link, the navigation, and the page for the current URL. Pages other than
// the lists load on demand (the run page brings the DAG library with it).
import { lazy, Suspense } from 'react';
import { logout } from './api.js';
import { Loading } from './components/common.js';
import { Link, useLocation } from './router.js';
import { SessionContext, useSessionState } from './session.js';
import { LoginPage } from './pages/login.js';
import { PipelinesPage } from './pages/pipelines.js';
import { RunsPage } from './pages/runs.js';

const RunPage = lazy(() => import('./pages/run.js'));
const ArtifactsPage = lazy(() => import('./pages/artifacts.js'));
const ArtifactPage = lazy(() => import('./pages/artifact.js'));
const ModelsPage = lazy(() => import('./pages/models.js'));
const ModelPage = lazy(() => import('./pages/model.js'));
const StacksPage = lazy(() => import('./pages/stacks.js'));
const SecretsPage = lazy(() => import('./pages/secrets.js'));
const MembersPage = lazy(() => import('./pages/members.js'));

const NAV: Array<[string, string]> = [
  ['/pipelines', 'Pipelines'],
  ['/runs', 'Runs'],
  ['/artifacts', 'Artifacts'],
  ['/models', 'Models'],
  ['/stacks', 'Stacks'],
  ['/secrets', 'Secrets'],
  ['/settings/members', 'Members'],
];

function route(path: string) {
  const [, section, id] = path.split('/');
  switch (section) {
    case '':
    case 'pipelines':
      return id ? <RunsPage pipelineId={decodeURIComponent(id)} /> : <PipelinesPage />;
    case 'runs':
      return id ? <RunPage id={decodeURIComponent(id)} /> : <RunsPage />;
    case 'artifacts':
      return id ? <ArtifactPage id={decodeURIComponent(id)} /> : <ArtifactsPage />;
    case 'models':
      return id ? <ModelPage id={decodeURIComponent(id)} /> : <ModelsPage />;
    case 'stacks':
      return <StacksPage />;
    case 'secrets':
      return <SecretsPage />;
    case 'settings':
      return <MembersPage />;
    default:
      return <p>No page here. Try the <Link href="/pipelines">pipelines</Link>.</p>;
  }
}

export function App() {
  const [state, refresh] = useSessionState();
  const url = useLocation();
  if (state.checking) return <Loading what="the dashboard" />;
  if (!state.signedIn) return <LoginPage onLoggedIn={refresh} />;
  const current = url.pathname === '/' ? '/pipelines' : url.pathname;
  return (
    <SessionContext.Provider value={state}>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <Link href="/pipelines" className="brand" aria-label="ZenML home">
          ZenML
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([href, label]) => (
              <li key={href}>
                <Link href={href} aria-current={current.startsWith(href) || (href === '/runs' && current.startsWith('/pipelines/')) ? 'page' : undefined}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {state.user && (
          <div className="who">
            <span>{state.user.name}</span>
            <button type="button" onClick={() => void logout()}>
              Log out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>{route(url.pathname)}</Suspense>
      </main>
    </SessionContext.Provider>
  );
}
