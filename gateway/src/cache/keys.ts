import { createHash } from 'node:crypto';
import type { DocumentNode } from 'graphql';

/** JSON with every object's keys in order, at every depth (list order is meaning, and kept). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .filter((key) => object[key] !== undefined)
      .map((key) => [key, canonical(object[key])]),
  );
}

const digest = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');

function operationName(document: DocumentNode): string {
  for (const definition of document.definitions) if (definition.kind === 'OperationDefinition' && definition.name) return definition.name.value;
  throw new Error('an internal question must be a named operation: its name is part of the answer key');
}

/**
 * One partner's answer to one internal question: it stands while the partner's data version does,
 * so it is keyed by that version, the question's name and its variables (canonical JSON).
 */
export function partnerAnswerKey(partnerId: string, dataVersion: string, document: DocumentNode, variables: unknown): string {
  return `partner:${digest([partnerId, dataVersion, operationName(document), variables])}`;
}

/** What a published answer depends on besides the partners' data: the question, and what the caller may see. */
export interface PublishedKeyParts {
  /** The answer asked for: its canonical arguments and the definition it was computed from. */
  question: unknown;
  /** The registry's linkage version: who counts once. */
  linkage: string;
  /** Every partner in scope and its data version. */
  versions: ReadonlyMap<string, string>;
  /** The disclosure decision (`Disclosure`), never the caller: two callers it treats alike share an answer. */
  disclosure: {
    unsuppressed: boolean;
    by: readonly string[];
    dimensions: readonly string[];
    k: number | null;
    p: number | null;
    visible: ReadonlySet<string> | 'ALL';
  };
}

/**
 * The disclosure method a published answer was decided by. A change to how cells are chosen
 * (not only k or p) changes what a published answer holds; with Redis an entry outlives the
 * gateway that wrote it, so an upgraded replica must not read an older method's answers. Raise
 * it with any change to src/analytics/protection or src/analytics/disclosure.ts that can change
 * which cells are hidden.
 */
export const DISCLOSURE_METHOD = 'intervals-2';

export function publishedAnswerKey({ question, linkage, versions, disclosure }: PublishedKeyParts, method: string = DISCLOSURE_METHOD): string {
  const { unsuppressed, by, dimensions, k, p, visible } = disclosure;
  return `published:${digest({
    question,
    linkage,
    partners: [...versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    disclosure: { method, unsuppressed, by, dimensions, k, p, visible: visible === 'ALL' ? 'ALL' : [...visible].sort() },
  })}`;
}
