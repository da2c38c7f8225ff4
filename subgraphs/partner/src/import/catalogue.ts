import { readFileSync, writeFileSync } from 'node:fs';
import { ImportError } from './errors';
import type { CatalogueIndicator } from './validate';

/**
 * The coalition's indicator catalogue (codes, versions, yes/no or number), which outcome rows
 * are checked against. The registry keeps it; a partner's own registry key may not read it (that
 * key reaches only its identity resolution), so it comes from the gateway with a signed-in
 * staff member's token, once per run, or from a copy saved by an earlier run.
 */
export async function loadCatalogue(options: { gateway?: string; token?: string; file?: string }): Promise<readonly CatalogueIndicator[] | undefined> {
  if (options.gateway) {
    if (!options.token) throw new ImportError('USAGE', '--gateway: COALITION_TOKEN must hold your token (a partner staff member may read the catalogue)');
    const catalogue = await fetchCatalogue(options.gateway, options.token);
    // The copy an offline run can use; it names where and when it was read.
    if (options.file)
      writeFileSync(options.file, `${JSON.stringify({ from: options.gateway, readAt: new Date().toISOString(), indicators: catalogue }, null, 1)}\n`);
    return catalogue;
  }
  if (!options.file) return undefined;
  let parsed: { indicators?: unknown };
  try {
    parsed = JSON.parse(readFileSync(options.file, 'utf8'));
  } catch (error) {
    throw new ImportError(
      'FILE_UNREADABLE',
      `--catalogue ${options.file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a catalogue saved by coalition-import'}`,
    );
  }
  if (!Array.isArray(parsed.indicators))
    throw new ImportError('FILE_UNREADABLE', `--catalogue ${options.file}: not a catalogue saved by coalition-import (no "indicators" list)`);
  return parsed.indicators as CatalogueIndicator[];
}

async function fetchCatalogue(gateway: string, token: string): Promise<CatalogueIndicator[]> {
  const url = `${gateway.replace(/\/+$/, '').replace(/\/graphql$/, '')}/graphql`;
  let body: { data?: { indicators: CatalogueIndicator[] }; errors?: Array<{ message: string }> };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ indicators { code version valueType } }' }),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw new ImportError('FILE_UNREADABLE', `--gateway ${url}: the indicator catalogue could not be read (${(error as Error).message})`);
  }
  if (body.errors?.length || !body.data)
    throw new ImportError('FILE_UNREADABLE', `--gateway ${url}: ${body.errors?.[0]?.message ?? 'no catalogue in the answer'}`);
  return body.data.indicators;
}
