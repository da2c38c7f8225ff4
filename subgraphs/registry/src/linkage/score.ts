import { LINK_RULES, type LinkageEncoding, type LinkRule } from '@coalition/shared/linkage';

/** Score thresholds from configuration: auto-link at or above `autoLink`, review from `review`. */
export interface MatchThresholds {
  autoLink: number;
  review: number;
}
export const DEFAULT_THRESHOLDS: MatchThresholds = { autoLink: 12, review: 7 };

/** An encoding with its Bloom filters decoded once, since one record is compared many times. */
export interface PreparedEncoding {
  encoding: LinkageEncoding;
  firstBits: Uint32Array;
  lastBits: Uint32Array;
  firstCount: number;
  lastCount: number;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function decode(base64: string): Uint32Array {
  const bytes = Buffer.from(base64, 'base64');
  const words = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = bytes.readUInt32LE(i * 4);
  return words;
}

const countBits = (bits: Uint32Array) => bits.reduce((n, w) => n + popcount(w), 0);

export function prepare(encoding: LinkageEncoding): PreparedEncoding {
  const firstBits = decode(encoding.firstBloom);
  const lastBits = decode(encoding.lastBloom);
  return { encoding, firstBits, lastBits, firstCount: countBits(firstBits), lastCount: countBits(lastBits) };
}

/** Dice similarity of two Bloom filters: 2|A and B| / (|A| + |B|). */
export function dice(a: Uint32Array, aCount: number, b: Uint32Array, bCount: number): number {
  let common = 0;
  for (let i = 0; i < a.length; i++) common += popcount(a[i] & b[i]);
  return aCount + bCount === 0 ? 0 : (2 * common) / (aCount + bCount);
}

/*
 * Fellegi-Sunter style agreement weights (roughly log2 of m/u), set by hand and calibrated on
 * the labelled population in @coalition/demo (see docs/LINKAGE.md for the figures). A partial
 * first-name agreement weighs little on purpose: twins share last name and birth date and differ
 * only there.
 */
function firstWeight(exact: boolean, similarity: number): number {
  if (exact) return 5;
  if (similarity >= 0.85) return 3;
  if (similarity >= 0.6) return 0.5;
  if (similarity >= 0.45) return -2;
  return -5;
}

function lastWeight(exact: boolean, similarity: number): number {
  if (exact) return 6;
  if (similarity >= 0.85) return 4.5;
  if (similarity >= 0.6) return 2.5;
  if (similarity >= 0.45) return -1;
  return -5;
}

function dobWeight(a: LinkageEncoding, b: LinkageEncoding): number {
  if (a.dob === b.dob) return 7;
  if (a.dobSwap === b.dobSwap) return 3;
  // One part of the date differs: a typo, or another person with the same name. Weak evidence.
  if (a.dobYM === b.dobYM || a.dobYD === b.dobYD || a.dobMD === b.dobMD) return 0.5;
  return -6;
}

function optionalWeight(a: string | null, b: string | null, agree: number, disagree: number): number {
  if (!a || !b) return 0;
  return a === b ? agree : disagree;
}

export interface MatchScore {
  score: number;
  /** a deterministic rule whose token both records share, if any */
  rule: LinkRule | null;
  /** the names compared first-to-last (a swap of first and last name) */
  crossed: boolean;
  /** both records carry an SSN4 and they differ */
  conflict: boolean;
}

/**
 * Frequency-dependent name weight. Agreeing on a name that n different known people carry
 * narrows the choice to one of n, so the agreement is worth log2(n) bits less than on a name
 * carried by one person. Without this, two namesakes whose birth dates share two of three parts
 * auto-linked once a registry held enough people with common names (see docs/LINKAGE.md).
 */
export function namesakePenalty(namesakes: number): number {
  return Math.log2(Math.max(1, namesakes));
}

/**
 * Scores a pair. `namesakes` is how many different people (GSIDs) the registry already knows by
 * the incoming record's full name (0 or 1: no penalty). Only the incoming record's name counts:
 * also looking up every candidate's name cost a third more time and gained no precision in a
 * 60,000-person calibration run.
 */
export function scorePair(a: PreparedEncoding, b: PreparedEncoding, namesakes = 1): MatchScore {
  const x = a.encoding;
  const y = b.encoding;
  const straight =
    firstWeight(x.first === y.first, dice(a.firstBits, a.firstCount, b.firstBits, b.firstCount)) +
    lastWeight(x.last === y.last, dice(a.lastBits, a.lastCount, b.lastBits, b.lastCount));
  // A swapped first/last name costs a little against agreeing as entered.
  const crossed =
    firstWeight(x.first === y.last, dice(a.firstBits, a.firstCount, b.lastBits, b.lastCount)) +
    lastWeight(x.last === y.first, dice(a.lastBits, a.lastCount, b.firstBits, b.firstCount)) -
    1.5;
  const names = Math.max(straight, crossed);
  const score =
    names +
    dobWeight(x, y) +
    optionalWeight(x.sex, y.sex, 0.5, -3) +
    optionalWeight(x.ssn4, y.ssn4, 6, -8) +
    optionalWeight(x.email, y.email, 4, 0) +
    optionalWeight(x.phone, y.phone, 2, 0) -
    namesakePenalty(namesakes);
  let rule: LinkRule | null = null;
  for (const name of LINK_RULES) {
    if (x.rules[name] && x.rules[name] === y.rules[name]) {
      rule = name;
      break;
    }
  }
  return { score: Math.round(score * 100) / 100, rule, crossed: crossed > straight, conflict: !!x.ssn4 && !!y.ssn4 && x.ssn4 !== y.ssn4 };
}

export type MatchDecision = 'AUTO_LINK' | 'POSSIBLE_MATCH' | 'NEW';

/**
 * A shared deterministic token links when the comparison does not contradict it (score at
 * least the review threshold, and no conflicting SSN4); otherwise the score alone decides.
 */
export function decide(match: MatchScore, thresholds: MatchThresholds): MatchDecision {
  if (match.score >= thresholds.autoLink) return 'AUTO_LINK';
  if (match.rule && !match.conflict && match.score >= thresholds.review) return 'AUTO_LINK';
  if (match.score >= thresholds.review) return 'POSSIBLE_MATCH';
  return 'NEW';
}
