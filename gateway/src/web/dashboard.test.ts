import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardPages, type DashboardOptions } from './dashboard';

/** The pages over real HTTP, as serveGraphQL mounts them: what they do not answer is "graphql". */
async function serve(options: DashboardOptions, production = false) {
  const pages = dashboardPages(options, production);
  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!(await pages(request, response, url))) response.end('graphql');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A raw request, so that the path reaches the server exactly as written (fetch would normalise "..", not "%2e%2e"). */
function raw(base: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('the dashboard pages the gateway serves', () => {
  let root: string;
  let dir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dashboard-'));
    dir = join(root, 'dist');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dashboard</title>');
    writeFileSync(join(dir, 'ide.html'), '<!doctype html><title>ide</title>');
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves the built files with a policy that allows only its own origin, and caches only hashed assets for long', async () => {
    const server = await serve({ dir, coalition: 'Test coalition' });
    try {
      const page = await fetch(`${server.base}/dashboard/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>dashboard</title>');
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self';");
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const asset = await fetch(`${server.base}/dashboard/assets/app-1a2b.js`);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(`${server.base}/dashboard`, { redirect: 'manual' })).headers.get('location')).toBe('/dashboard/');
    } finally {
      await server.close();
    }
  });

  it('never serves a file outside its directory, however the path is written', async () => {
    const server = await serve({ dir });
    try {
      for (const path of [
        '/dashboard/../secret.txt',
        '/dashboard/%2e%2e/secret.txt',
        '/dashboard/..%2fsecret.txt',
        '/dashboard/assets/../../secret.txt',
        '/dashboard/%2e%2e%2f%2e%2e%2fsecret.txt',
      ]) {
        const answer = await raw(server.base, path);
        expect({ path, leaked: answer.body.includes('TOP-SECRET') }).toEqual({ path, leaked: false });
      }
      expect((await fetch(`${server.base}/dashboard/nothing-here.js`)).status).toBe(404);
      expect((await fetch(`${server.base}/dashboard/`, { method: 'POST', body: 'x' })).status).toBe(405);
    } finally {
      await server.close();
    }
  });

  it("gives sign-in settings: the demo's tokens only where given, the identity provider allowed as a connection", async () => {
    const demoTokens = [{ role: 'funder', label: 'funder', token: 'a.b.c' }];
    const demo = await serve({ dir, demoTokens });
    const sso = await serve({ dir, oidc: { issuer: 'https://id.example.org/realms/coalition', clientId: 'dashboard' } }, true);
    try {
      const demoConfig = await (await fetch(`${demo.base}/dashboard/config.json`)).json();
      expect(demoConfig).toEqual({ coalition: 'Coalition Graph', demoTokens });
      const ssoAnswer = await fetch(`${sso.base}/dashboard/config.json`);
      expect(ssoAnswer.headers.get('cache-control')).toBe('no-store');
      expect(await ssoAnswer.json()).toEqual({
        coalition: 'Coalition Graph',
        oidc: { issuer: 'https://id.example.org/realms/coalition', clientId: 'dashboard' },
      });
      expect(ssoAnswer.headers.get('content-security-policy')).toContain("connect-src 'self' https://id.example.org");
    } finally {
      await demo.close();
      await sso.close();
    }
    expect(() => dashboardPages({ dir, demoTokens }, true)).toThrow('demo tokens in production');
  });

  it('sends a browser opening the GraphQL address to the IDE, or in production (no introspection, no IDE) to the dashboard', async () => {
    const development = await serve({ dir });
    const production = await serve({ dir }, true);
    const html = { accept: 'text/html,application/xhtml+xml' };
    try {
      for (const path of ['/', '/graphql']) {
        expect((await fetch(`${development.base}${path}`, { headers: html, redirect: 'manual' })).headers.get('location')).toBe('/dashboard/ide.html');
        expect((await fetch(`${production.base}${path}`, { headers: html, redirect: 'manual' })).headers.get('location')).toBe('/dashboard/');
      }
      // GraphQL over GET and clients that do not ask for a page still reach GraphQL.
      expect(await (await fetch(`${development.base}/graphql?query=%7B__typename%7D`, { headers: html })).text()).toBe('graphql');
      expect(await (await fetch(`${development.base}/graphql`, { headers: { accept: 'application/json' } })).text()).toBe('graphql');
      expect((await fetch(`${development.base}/dashboard/ide.html`)).status).toBe(200);
      const refused = await fetch(`${production.base}/dashboard/ide.html`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).toContain('production');
    } finally {
      await development.close();
      await production.close();
    }
  });

  it('says how to build the dashboard when its directory holds no build, naming the folder outside production only', async () => {
    const missing = join(root, 'not-built');
    const development = await serve({ dir: missing });
    const production = await serve({ dir: missing }, true);
    try {
      const answer = await fetch(`${development.base}/dashboard/`);
      expect(answer.status).toBe(404);
      expect(await answer.text()).toBe(`The dashboard is not built in ${missing}: run npm run build`);
      const quiet = await fetch(`${production.base}/dashboard/`);
      expect(quiet.status).toBe(404);
      expect(await quiet.text()).not.toContain(root);
    } finally {
      await development.close();
      await production.close();
    }
  });
});
