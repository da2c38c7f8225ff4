import { randomBytes } from 'node:crypto';
import { assertCleanInput, badInput, notFound } from '@coalition/shared';

const RELEASE_ID = /^rel_[0-9a-f]{16}$/;
const PERIOD_LABEL = /^[A-Za-z0-9_-]{1,32}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const MAX_NOTE_LENGTH = 2000;
const MAX_APPROVED_BY_LENGTH = 200;
/**
 * Decoded bytes in one chunk. The gateway sends about 512 KiB; this leaves room for its
 * framing, while the 1 MB request body limit bounds it anyway.
 */
export const MAX_CHUNK_BYTES = 768 * 1024;
/** Chunks one releaseChunks call returns at most (16 x 512 KiB, as base64, is about 11 MB). */
export const MAX_CHUNKS_PER_READ = 16;

/** What beginRelease is given. */
export interface NewRelease {
  periodLabel: string;
  period: Record<string, unknown>;
  note?: string | null;
  approvedBy: string;
  versionVector: Record<string, unknown>;
  coverage: Record<string, unknown>;
  forced: boolean;
}

export const newReleaseId = () => `rel_${randomBytes(8).toString('hex')}`;

/** A malformed id is as unknown as one never issued: no statement is spent on it. */
export const isReleaseId = (id: string) => RELEASE_ID.test(id);

export const unknownRelease = (releaseId: string) => notFound('release', releaseId, { releaseId });

export function checkPeriodLabel(periodLabel: string): void {
  if (!PERIOD_LABEL.test(periodLabel)) throw badInput('periodLabel', `"${periodLabel}" must be 1 to 32 letters, digits, _ or - (e.g. PY2024)`);
}

/** The note, or null when it is empty or blank: a blank note says nothing about why. */
export function checkNewRelease(input: NewRelease): string | null {
  checkPeriodLabel(input.periodLabel);
  for (const field of ['note', 'approvedBy', 'period', 'versionVector', 'coverage'] as const) assertCleanInput(input[field], field);
  if (input.note && input.note.length > MAX_NOTE_LENGTH) throw badInput('note', `at most ${MAX_NOTE_LENGTH} characters`, { max: MAX_NOTE_LENGTH });
  if (!input.approvedBy.trim() || input.approvedBy.length > MAX_APPROVED_BY_LENGTH) {
    throw badInput('approvedBy', `must name who approved the release (1 to ${MAX_APPROVED_BY_LENGTH} characters)`);
  }
  return input.note?.trim() ? input.note : null;
}

export const noteRequired = (periodLabel: string, previousId: string) =>
  badInput('note', `${periodLabel} already has release ${previousId}; say why it is re-released`, { supersedes: previousId });

/** The chunk's bytes, checked: base64 (standard alphabet, padded) of 1 byte to MAX_CHUNK_BYTES. */
export function decodeChunk(seq: number, data: string): Buffer {
  if (!Number.isInteger(seq) || seq < 0) throw badInput('seq', 'must be 0 or more (chunks are numbered from 0)');
  if (!data.length || data.length % 4 !== 0 || !BASE64.test(data)) throw badInput('data', 'must be non-empty base64 (standard alphabet, padded)');
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  if ((data.length / 4) * 3 - padding > MAX_CHUNK_BYTES) {
    throw badInput('data', `a chunk holds at most ${MAX_CHUNK_BYTES} bytes (decoded)`, { max: MAX_CHUNK_BYTES });
  }
  return Buffer.from(data, 'base64');
}

export function checkCommit(chunks: number, sha256: string, figureCount: number): void {
  if (!Number.isInteger(chunks) || chunks < 1) throw badInput('chunks', 'must be 1 or more');
  if (!SHA256_HEX.test(sha256)) throw badInput('sha256', 'must be the SHA-256 of the whole release as 64 hex characters');
  if (!Number.isInteger(figureCount) || figureCount < 0) throw badInput('figureCount', 'must be 0 or more');
}

/** Exactly chunks 0..chunks-1 must have been sent: the first few missing or extra ones are named. */
export function checkChunkSet(chunks: number, seqs: readonly number[]): void {
  const sent = new Set(seqs);
  const missing: number[] = [];
  for (let seq = 0; seq < chunks && missing.length < 10; seq++) if (!sent.has(seq)) missing.push(seq);
  if (missing.length) {
    throw badInput('chunks', `expected chunks 0..${chunks - 1}; missing chunk ${missing.join(', ')}${missing.length === 10 ? ', ...' : ''}`, {
      missing,
    });
  }
  const extra = seqs.filter((seq) => seq >= chunks).slice(0, 10);
  if (extra.length) throw badInput('chunks', `expected chunks 0..${chunks - 1}, but chunk ${extra.join(', ')} was sent too`, { extra });
}

export function checkChunkRange(from: number, count: number): void {
  if (!Number.isInteger(from) || from < 0) throw badInput('from', 'must be 0 or more');
  if (!Number.isInteger(count) || count < 1 || count > MAX_CHUNKS_PER_READ) {
    throw badInput('count', `must be 1 to ${MAX_CHUNKS_PER_READ}`, { max: MAX_CHUNKS_PER_READ });
  }
}
