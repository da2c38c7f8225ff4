import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { timed } from './timing';

/** Where the gateway serves the dashboard's build (vite's `base`): index.html names its files under it. */
const PUBLIC_PATH = '/dashboard/';

export interface FirstViewFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** The attributes of every `<tag ...>` in an HTML text, names lower-cased; a bare attribute is ''. */
function tagAttributes(html: string, tag: string): Array<Record<string, string>> {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'gi'))].map((match) => {
    const attributes: Record<string, string> = {};
    for (const a of match[1].matchAll(/([\w:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attributes[a[1].toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    }
    return attributes;
  });
}

/**
 * The files a browser fetches before the first view can run: the entry module, the chunks vite
 * preloads for it, the stylesheets. Chunks imported lazily (exceljs, papaparse, the IDE) are not
 * named in index.html, so they are not counted.
 */
function firstViewPaths(html: string): string[] {
  const scripts = tagAttributes(html, 'script')
    .filter((a) => a.type === 'module' && a.src)
    .map((a) => a.src);
  const links = tagAttributes(html, 'link')
    .filter((a) => a.href && (a.rel ?? '').split(/\s+/).some((rel) => rel === 'modulepreload' || rel === 'stylesheet'))
    .map((a) => a.href);
  return [...new Set([...scripts, ...links])];
}

/** Bytes and gzipped bytes (level 9) of what the dashboard's first view loads, from its build at `distDir`. */
export function firstViewBytes(distDir: string): { files: FirstViewFile[]; totalGzipBytes: number } {
  const files = firstViewPaths(readFileSync(join(distDir, 'index.html'), 'utf8')).map((path): FirstViewFile => {
    // Anything outside the build (a CDN) would not be served under the gateway's CSP: say so rather than skip it.
    if (!path.startsWith(PUBLIC_PATH)) throw new Error(`${join(distDir, 'index.html')} loads "${path}", which is not under ${PUBLIC_PATH}`);
    const file = path.slice(PUBLIC_PATH.length);
    const content = readFileSync(join(distDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
  return { files, totalGzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0) };
}

/**
 * A browser opens at most six HTTP/1.1 connections to one origin (the gateway serves HTTP/1.1):
 * the page's tenth request waits for one of the first six to answer, and so does its data.
 */
const BROWSER_CONNECTIONS = 6;

/** Runs at most `max` pieces of work at once; the rest wait in order. */
function connectionSlots(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    while (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

interface Manifest {
  operations: Array<{ id: string; name: string; type: string; body: string }>;
}

/** The dashboard's operation hashes by name, from its persisted query manifest. */
function operationHashes(manifestPath: string): Map<string, string> {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`No readable persisted query manifest at ${manifestPath} (build the dashboard: npm run build): ${(error as Error).message}`);
  }
  const hashes = new Map(manifest.operations.map((o) => [o.name, o.id]));
  for (const name of ['Catalogue', 'Releases', 'IndicatorTotal'])
    if (!hashes.has(name)) throw new Error(`${manifestPath} has no operation ${name}: the overview page cannot be measured`);
  return hashes;
}

/** One page load's context: where it asks, as whom, and where it records what happened. */
interface PageContext {
  url: string;
  token: string;
  hashes: Map<string, string>;
  slot: ReturnType<typeof connectionSlots>;
  requestMs: number[];
  errors: string[];
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string }> } | undefined;
  text: string;
}

async function post(page: PageContext, operationName: string, variables: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(page.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${page.token}`, 'apollo-require-preflight': 'true' },
    body: JSON.stringify({ operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: page.hashes.get(operationName) } } }),
  });
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/**
 * Sends one persisted operation by its hash, as the dashboard's client does, and gives its data.
 * A failure is recorded, not thrown, and its time is not: a fast error must not flatter the page.
 * The time is from sending to the parsed answer; waiting for a connection counts in the page's time only.
 */
async function send<T>(page: PageContext, operationName: string, variables: Record<string, unknown> = {}): Promise<T | undefined> {
  try {
    const { ms, result } = await page.slot(() => timed(() => post(page, operationName, variables)));
    const { status, body, text } = result;
    if (status !== 200 || !body || body.errors?.length || !body.data) {
      const why = body?.errors?.map((e) => e.message).join('; ') || text.slice(0, 200);
      page.errors.push(`${operationName}: HTTP ${status}: ${why}`);
      return undefined;
    }
    page.requestMs.push(ms);
    return body.data as T;
  } catch (error) {
    page.errors.push(`${operationName}: ${(error as Error).message}`);
    return undefined;
  }
}

interface Catalogue {
  indicators: Array<{ code: string; kind: string }>;
}

interface Releases {
  releases: Array<{ period: string }>;
}

interface IndicatorTotal {
  networkIndicator: { code: string } | null;
}

/** The newest released program year, as App.tsx picks a funder's year ("PY2024" -> 2024). */
const newestReleased = ({ releases }: Releases) => Math.max(...releases.map((r) => Number(r.period.replace(/^PY/, ''))));

/** One overview page for a funder, as App.tsx and Overview.tsx ask it; true when every figure arrived. */
async function overviewPage(page: PageContext): Promise<boolean> {
  const [catalogue, releases] = await Promise.all([send<Catalogue>(page, 'Catalogue'), send<Releases>(page, 'Releases')]);
  if (!catalogue || !releases) return false;
  if (!releases.releases.length) {
    page.errors.push('Releases: no released program year, so a funder sees no figures');
    return false;
  }
  const year = newestReleased(releases);
  const headline = catalogue.indicators.filter((i) => i.kind !== 'CHANGE');
  const answers = await Promise.all(
    headline.map(async (indicator) => {
      const variables = { code: indicator.code, period: { programYear: year }, compareTo: { programYear: year - 1 }, release: 'LATEST' };
      const answer = await send<IndicatorTotal>(page, 'IndicatorTotal', variables);
      // The page shows "Not available" for a null figure: its data is not complete.
      if (answer && !answer.networkIndicator) page.errors.push(`IndicatorTotal ${indicator.code} PY${year}: no figure (null)`);
      return answer?.networkIndicator;
    }),
  );
  return answers.every(Boolean);
}

/**
 * `loads` overview pages for a funder, one after another, each sending exactly the dashboard's
 * requests by hash in the same waves: Catalogue and Releases, then one IndicatorTotal per
 * headline indicator, at most six at once as a browser would. pageMs: from the first request to
 * the last answer, for the pages whose data all arrived; requestMs: each successful request.
 */
export async function overviewPageLoads(
  gatewayUrl: string,
  token: string,
  manifestPath: string,
  loads: number,
): Promise<{ pageMs: number[]; requestMs: number[]; errors: string[] }> {
  const hashes = operationHashes(manifestPath);
  const pageMs: number[] = [];
  const requestMs: number[] = [];
  const errors: string[] = [];
  const page: PageContext = { url: gatewayUrl, token, hashes, slot: connectionSlots(BROWSER_CONNECTIONS), requestMs, errors };
  for (let load = 0; load < loads; load++) {
    const { ms, result: complete } = await timed(() => overviewPage(page));
    if (complete) pageMs.push(ms);
  }
  return { pageMs, requestMs, errors };
}
