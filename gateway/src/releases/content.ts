import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Dimension } from '@coalition/shared';
import type { FigureTable } from '../analytics/figures';
import type { DisclosureControl } from '../analytics/disclosure-scope';
import type { ReleaseAuditResult } from './audit';
import type { FunnelResult, PrePostResult } from '../analytics/pathways/results';

/** One indicator as released: the protected cube's every table, as a funder is shown it (suppressed cells already null). */
export interface ReleasedIndicator {
  code: string;
  version: number;
  name: string;
  kind: string;
  unit: string;
  countUnit: string;
  /** The cube the figures were protected over; every table is a subset of it. */
  dimensions: Dimension[];
  /** `protection` is absent from releases approved before it was recorded. */
  disclosureControl: Omit<DisclosureControl, 'protection'> & { protection?: number | null };
  /** Every subset of `dimensions`, smallest first (the grand total first); `previous` and `change` null. */
  tables: FigureTable[];
  coverage: { partnersAsked: number; partnersAnswered: number; missing: Array<{ partnerId: string; reason: string }> };
}

/**
 * A pathway funnel or a pre/post change as released: for the program year's cohort, by the
 * protected cube (every table a subset of `dimensions`), every partner's handoffs, as a funder
 * of the whole network is shown it.
 */
export type ReleasedFunnel = FunnelResult;
export type ReleasedPrePost = PrePostResult;

/** What a release holds: the period and its figures. Stored whole and never changed. */
export interface ReleaseContent {
  format: 1;
  periodLabel: string;
  programYear: number;
  minimumCellSize: number;
  /** p; absent in releases approved before it was recorded. */
  protection?: number;
  indicators: ReleasedIndicator[];
  /** Pathway funnels of the year's cohort (absent in releases made before funnels were released). */
  funnels?: ReleasedFunnel[];
  /** Pre/post changes of the year's cohort (absent likewise). */
  prePost?: ReleasedPrePost[];
  /** The disclosure audit it passed (absent in releases approved before releases were audited). */
  audit?: ReleaseAuditResult;
}

/**
 * Request bodies to the registry are limited (1 MB), and a release at 12 partners runs to several
 * megabytes of JSON: it travels gzip'd, in chunks the registry keeps until the last one is
 * checked against the digest. The registry stores the bytes as they are; only the gateway reads them.
 */
export const CHUNK_BYTES = 512 * 1024;

export interface EncodedContent {
  chunks: string[];
  sha256: string;
  bytes: number;
}

export function encodeContent(content: ReleaseContent): EncodedContent {
  const packed = gzipSync(JSON.stringify(content));
  const chunks: string[] = [];
  for (let at = 0; at < packed.length; at += CHUNK_BYTES) chunks.push(packed.subarray(at, at + CHUNK_BYTES).toString('base64'));
  return { chunks, sha256: createHash('sha256').update(packed).digest('hex'), bytes: packed.length };
}

/** The content from its chunks in order; a digest that does not match is a broken store, never a figure. */
export function decodeContent(chunks: readonly string[], sha256: string): ReleaseContent {
  const packed = Buffer.concat(chunks.map((c) => Buffer.from(c, 'base64')));
  const digest = createHash('sha256').update(packed).digest('hex');
  if (digest !== sha256) throw new Error(`release content does not match its digest (${digest} != ${sha256})`);
  const content = JSON.parse(gunzipSync(packed).toString('utf8')) as ReleaseContent;
  if (content.format !== 1) throw new Error(`release content format ${String(content.format)} is not one this gateway reads`);
  return content;
}
