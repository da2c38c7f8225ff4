import { useState } from 'react';
import { type DashboardConfig, ROLE_LABELS, type Role, type Viewer, signIn } from './auth/session';
import { startOidcSignIn } from './auth/oidc';

/**
 * Sign-in: the coalition's identity provider when one is configured; in the demo, one button per
 * role (the demo's published tokens). A token may also be pasted (one from `npm run tokens`).
 */
export function SignIn({ config, message, onSignedIn }: { config: DashboardConfig; message?: string; onSignedIn(viewer: Viewer): void }) {
  const [problem, setProblem] = useState<string | undefined>();
  const [pasted, setPasted] = useState('');
  const use = (token: string) => {
    const viewer = signIn(token);
    if ('problem' in viewer) setProblem(viewer.problem);
    else onSignedIn(viewer);
  };
  return (
    <main className="sign-in" id="main">
      <h1>{config.coalition}</h1>
      <p>Shared outcomes of the coalition's partners, as each role may see them.</p>
      {message && (
        <p className="notice" role="alert">
          {message}
        </p>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {config.oidc && (
        <button type="button" className="primary" onClick={() => startOidcSignIn(config.oidc!).catch((error: Error) => setProblem(error.message))}>
          Sign in with your organization
        </button>
      )}
      {config.demoTokens && (
        <section aria-labelledby="demo-roles">
          <h2 id="demo-roles">Demo: sign in as</h2>
          <ul className="roles">
            {config.demoTokens.map((demo) => (
              <li key={demo.role}>
                <button type="button" onClick={() => use(demo.token)}>
                  {ROLE_LABELS[demo.role as Role] ?? demo.role}
                </button>
                <span className="hint">{demo.label}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <details>
        <summary>Use a token</summary>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            use(pasted.trim());
          }}
        >
          <label htmlFor="token">Token (JWT)</label>
          <textarea id="token" rows={4} value={pasted} onChange={(event) => setPasted(event.target.value)} autoComplete="off" spellCheck={false} />
          <button type="submit">Sign in</button>
        </form>
      </details>
    </main>
  );
}
