import { useCallback, useEffect, useState } from 'react';
import { GatewayError, onSignInNeeded, request } from './api/client';
import { finishOidcSignIn } from './auth/oidc';
import { type DashboardConfig, loadConfig, ROLE_LABELS, signIn, signOut, storedViewer, takeSignInMessage, type Viewer } from './auth/session';
import { type Catalogue, Dashboard, type DashboardState, type ReleaseInfo, type Source } from './context';
import { SignIn } from './SignIn';
import { ErrorBox, Loading } from './ui/components';
import { lastEndedProgramYear } from './ui/format';
import { type Route, useRoute, type View, VIEWS } from './route';
import { Overview } from './views/Overview';
import { Equity } from './views/Equity';
import { Pathways } from './views/Pathways';
import { Themes } from './views/Themes';
import { Partners } from './views/Partners';
import { Report } from './views/Report';

const VIEW_TITLES: Record<View, string> = {
  overview: 'Overview',
  equity: 'Equity',
  pathways: 'Pathways',
  themes: 'Themes',
  partners: 'Partners',
  report: 'Evidence package',
};

async function startSession(config: DashboardConfig): Promise<Viewer | undefined> {
  if (config.oidc) {
    const token = await finishOidcSignIn(config.oidc);
    if (token) {
      const viewer = signIn(token);
      if ('problem' in viewer) signOut(viewer.problem);
      else return viewer;
    }
  }
  return storedViewer();
}

export function App() {
  const [config, setConfig] = useState<DashboardConfig | undefined>();
  const [failure, setFailure] = useState<Error | undefined>();
  const [viewer, setViewer] = useState<Viewer | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  useEffect(() => {
    loadConfig()
      .then(async (loaded) => {
        setConfig(loaded);
        setViewer(await startSession(loaded));
        setMessage(takeSignInMessage());
      })
      .catch(setFailure);
  }, []);
  useEffect(
    () =>
      onSignInNeeded((error) => {
        signOut();
        setViewer(undefined);
        setMessage(`Your session has ended: ${error.message} Sign in again.`);
      }),
    [],
  );
  // A token's expiry is known: the viewer goes back to sign-in when it comes, not at the next refusal.
  useEffect(() => {
    if (!viewer?.expiresAt) return;
    const timer = setTimeout(
      () => {
        signOut();
        setViewer(undefined);
        setMessage('Your session has expired. Sign in again.');
      },
      Math.max(0, viewer.expiresAt.getTime() - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [viewer]);
  if (failure) return <ErrorBox error={failure} />;
  if (!config) return <Loading what="the dashboard" />;
  if (!viewer) return <SignIn config={config} message={message} onSignedIn={setViewer} />;
  return (
    <Signed
      config={config}
      viewer={viewer}
      onSignOut={() => {
        signOut();
        setViewer(undefined);
        setMessage('You signed out.');
      }}
    />
  );
}

interface Loaded {
  catalogue: Catalogue;
  releases: ReleaseInfo[];
}

function Signed({ config, viewer, onSignOut }: { config: DashboardConfig; viewer: Viewer; onSignOut(): void }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [route, go] = useRoute();
  const load = useCallback(() => {
    Promise.all([request<Catalogue>(viewer.token, 'Catalogue'), request<{ releases: ReleaseInfo[] }>(viewer.token, 'Releases')])
      .then(([catalogue, { releases }]) => setLoaded({ catalogue, releases }))
      .catch(setError);
  }, [viewer.token]);
  useEffect(load, [load]);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">{config.coalition}</div>
        <nav aria-label="Views">
          {VIEWS.map((view) => (
            <a key={view} href={`#/${view}?${route.params}`} aria-current={route.view === view ? 'page' : undefined}>
              {VIEW_TITLES[view]}
            </a>
          ))}
        </nav>
        <div className="who">
          <span data-testid="role">{ROLE_LABELS[viewer.role] ?? viewer.role}</span>
          {viewer.partnerId && <span> · {viewer.partnerId}</span>}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main">
        {error && !(error instanceof GatewayError && error.signInAgain) && <ErrorBox error={error} />}
        {!loaded && !error && <Loading what="the catalogue and releases" />}
        {loaded && <Views viewer={viewer} coalition={config.coalition} loaded={loaded} route={route} go={go} refreshReleases={load} />}
      </main>
    </>
  );
}

function Views({
  viewer,
  coalition,
  loaded,
  route,
  go,
  refreshReleases,
}: {
  viewer: Viewer;
  coalition: string;
  loaded: Loaded;
  route: Route;
  go: ReturnType<typeof useRoute>[1];
  refreshReleases(): void;
}) {
  const released = [...new Set(loaded.releases.map((r) => Number(r.period.replace(/^PY/, ''))))].sort((a, b) => b - a);
  const newest = lastEndedProgramYear();
  const years = viewer.role === 'funder' ? released : [...new Set([newest, newest - 1, newest - 2, ...released])].sort((a, b) => b - a);
  const year = Number(route.params.get('year')) || released[0] || newest;
  const source: Source = viewer.role === 'funder' ? 'LATEST' : route.params.get('source') === 'LATEST' ? 'LATEST' : 'LIVE';
  const state: DashboardState = { viewer, coalition, catalogue: loaded.catalogue, releases: loaded.releases, year, source, refreshReleases };
  const params = Object.fromEntries(route.params);
  const set = (changes: Record<string, string | number>) => go(route.view, { ...params, ...changes });
  return (
    <Dashboard.Provider value={state}>
      <div className="controls">
        <h1>{VIEW_TITLES[route.view]}</h1>
        <label>
          Program year{' '}
          <select value={year} onChange={(event) => set({ year: event.target.value })}>
            {(years.includes(year) ? years : [year, ...years]).map((y) => (
              <option key={y} value={y}>
                PY{y} (July {y} to June {y + 1})
              </option>
            ))}
          </select>
        </label>
        {viewer.role !== 'funder' && (
          <label>
            Figures{' '}
            <select value={source} onChange={(event) => set({ source: event.target.value })}>
              <option value="LIVE">Live (computed now)</option>
              <option value="LATEST">Latest approved release</option>
            </select>
          </label>
        )}
      </div>
      {viewer.role === 'funder' && released.length === 0 ? (
        <p className="notice">No period has been released yet. Funders see figures once the backbone approves a program year.</p>
      ) : (
        <ViewOf view={route.view} params={route.params} set={set} />
      )}
    </Dashboard.Provider>
  );
}

function ViewOf({ view, params, set }: { view: View; params: URLSearchParams; set(changes: Record<string, string | number>): void }) {
  if (view === 'equity') return <Equity params={params} set={set} />;
  if (view === 'pathways') return <Pathways params={params} set={set} />;
  if (view === 'themes') return <Themes params={params} set={set} />;
  if (view === 'partners') return <Partners />;
  if (view === 'report') return <Report params={params} />;
  return <Overview />;
}
