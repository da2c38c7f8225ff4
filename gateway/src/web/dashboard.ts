import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';

/** What the gateway serves at /dashboard: the built dashboard and IDE, and their sign-in settings. */
export interface DashboardOptions {
  /** The built files (the dashboard workspace's dist/); without index.html the routes say how to build it. */
  dir: string;
  /** The coalition's name, as the dashboard titles it (COALITION_NAME). */
  coalition?: string;
  /** The demo's tokens, one per role, offered as sign-in buttons. Refused in production mode. */
  demoTokens?: Array<{ role: string; label: string; token: string }>;
  /** The coalition's OpenID Connect provider (DASHBOARD_OIDC_ISSUER, DASHBOARD_OIDC_CLIENT_ID, DASHBOARD_OIDC_SCOPE). */
  oidc?: { issuer: string; clientId: string; scope?: string };
}

/** The dashboard's persisted operations, written by its build beside index.html. */
export const dashboardManifest = (dir: string) => join(dir, 'persisted-operations.json');

export const isBuilt = (dir: string) => existsSync(join(dir, 'index.html'));

/**
 * Only this origin (and the identity provider, for the token exchange) may be reached from the
 * pages: no CDN, no third-party script. Inline styles are allowed because charts and the IDE set
 * style attributes; inline scripts are not.
 */
function contentSecurityPolicy(oidc: DashboardOptions['oidc']): string {
  const provider = oidc ? ` ${new URL(oidc.issuer).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${provider}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body = ''): true {
  response.writeHead(status, headers);
  response.end(body);
  return true;
}

const wantsPage = (request: IncomingMessage, url: URL) =>
  request.method === 'GET' && !url.searchParams.has('query') && !url.searchParams.has('extensions') && (request.headers.accept ?? '').includes('text/html');

/**
 * The routes of the web pages, for serveGraphQL's `pages` hook:
 * - /dashboard/ the dashboard, /dashboard/ide.html the GraphQL IDE (not in production: it needs
 *   introspection), /dashboard/config.json how to sign in;
 * - a browser opening / or /graphql is sent to the IDE (development) or the dashboard (production).
 * Files come through sirv (ETags, ranges, no path outside the directory); built assets have
 * content hashes in their names, so they are cached for a year, and pages are revalidated.
 */
export function dashboardPages(options: DashboardOptions, production: boolean) {
  if (production && options.demoTokens) throw new Error('The dashboard cannot offer demo tokens in production mode');
  const headers = {
    'content-security-policy': contentSecurityPolicy(options.oidc),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
  // In production sirv lists the directory once, at start (a gateway started before the build says
  // how to build it); otherwise it looks per request, so a rebuilt dashboard is served at once.
  const files =
    isBuilt(options.dir) || !production
      ? sirv(options.dir, {
          dev: !production,
          etag: true,
          setHeaders(response, path) {
            for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
            response.setHeader('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
          },
        })
      : undefined;
  const config = JSON.stringify({ coalition: options.coalition ?? 'Coalition Graph', demoTokens: options.demoTokens, oidc: options.oidc });
  return (request: IncomingMessage, response: ServerResponse, url: URL): boolean | Promise<boolean> => {
    const path = url.pathname;
    if ((path === '/' || path === '/graphql') && wantsPage(request, url)) {
      return send(response, 302, { location: production ? '/dashboard/' : '/dashboard/ide.html' });
    }
    if (path === '/ide') return send(response, 302, { location: '/dashboard/ide.html' });
    if (path === '/dashboard') return send(response, 301, { location: '/dashboard/' });
    if (!path.startsWith('/dashboard/')) return false;
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return send(response, 405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }, 'Method not allowed');
    if (path === '/dashboard/config.json') return send(response, 200, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' }, config);
    if (production && path === '/dashboard/ide.html') {
      return send(response, 404, { ...headers, 'content-type': 'text/plain' }, 'The GraphQL IDE is off in production mode (no introspection).');
    }
    // Outside production the folder is looked at per request (it may be built after the start).
    if (!files || (!production && !isBuilt(options.dir))) {
      // The folder is named for a developer only: a production gateway does not tell the world its paths.
      const where = production ? 'on this gateway' : `in ${options.dir}`;
      return send(response, 404, { 'content-type': 'text/plain' }, `The dashboard is not built ${where}: run npm run build`);
    }
    return new Promise<boolean>((resolve) => {
      request.url = path.slice('/dashboard'.length) + url.search;
      files(request, response, () => resolve(send(response, 404, { ...headers, 'content-type': 'text/plain' }, 'Not found')));
      response.on('finish', () => resolve(true));
    });
  };
}
