import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './ide.css';

/** Where the dashboard's sign-in keeps the token (dashboard/src/auth/session.ts): the tab's session only. */
const TOKEN_KEY = 'coalition.token';

const DEFAULT_QUERY = `# Coalition Graph — GraphQL IDE
#
# Every request needs a token (Headers panel below).
# Signing in to the dashboard in this tab fills
# it in; otherwise paste one there (one for each
# role: \`npm run tokens\`).
#
# Ctrl-Enter runs the query.

{
  partners {
    id
    name
    programType
    status
  }
}
`;

/** The headers editor's first contents: the signed-in viewer's token, or a template saying where to get one. */
function headersFor(token: string | null): string {
  return JSON.stringify({ Authorization: `Bearer ${token ?? '<paste a token: npm run tokens>'}` }, null, 2);
}

/**
 * GraphiQL 4 introspects on load before its headers editor exists, so that first schema fetch goes
 * out with no headers and the gateway refuses it (no docs, no completion). Give introspection
 * without headers the signed-in token; queries the user runs send only what the editor holds.
 */
function fetcherFor(token: string | null): Fetcher {
  const fetcher = createGraphiQLFetcher({ url: '/graphql' });
  if (!token) return fetcher;
  return (params, opts) =>
    params.operationName === 'IntrospectionQuery' && !opts?.headers
      ? fetcher(params, { ...opts, headers: { Authorization: `Bearer ${token}` } })
      : fetcher(params, opts);
}

const token = sessionStorage.getItem(TOKEN_KEY);
const headers = headersFor(token);
const fetcher = fetcherFor(token);

// shouldPersistHeaders={false} keeps tokens out of localStorage, so the tabs GraphiQL restores from
// there come back without headers; defaultHeaders fills them (and new tabs) in again.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} defaultHeaders={headers} shouldPersistHeaders={false} defaultEditorToolsVisibility="headers" />
  </StrictMode>,
);
