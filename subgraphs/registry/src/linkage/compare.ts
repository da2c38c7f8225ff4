import type { LinkageEncoding } from '@coalition/shared/linkage';

/*
 * A comparison pattern: how two encodings compare, field by field, as one level per field. It is
 * what the score sums weights over, what a reviewer is shown (levels only, never a value), what
 * expectation-maximisation estimates weights from, and what a reviewer's decision is recorded
 * with, so thresholds can be re-estimated from decisions.
 */
export const LEVELS = {
  first: ['EXACT', 'SIMILAR', 'PARTIAL', 'KNOWN_DIFFERENT', 'LOW', 'DIFFERENT'],
  last: ['EXACT', 'SIMILAR', 'PART', 'PARTIAL', 'LOW', 'DIFFERENT'],
  dob: ['EXACT', 'SWAPPED', 'YEAR_NEAR', 'ONE_PART', 'DIFFERENT'],
  sex: ['AGREE', 'DISAGREE', 'MISSING'],
  ssn4: ['AGREE', 'DISAGREE', 'MISSING'],
  phone: ['AGREE', 'DISAGREE', 'MISSING'],
  email: ['AGREE', 'DISAGREE', 'MISSING'],
  suffix: ['AGREE', 'DISAGREE', 'ONE_SIDED', 'MISSING'],
} as const;
export type Field = keyof typeof LEVELS;
export const FIELDS = Object.keys(LEVELS) as Field[];
export type Level<F extends Field = Field> = (typeof LEVELS)[F][number];
export type Pattern = { [F in Field]: Level<F> };
/** log2(m/u) per field and level: what a level is worth as evidence, in bits. */
export type Weights = { [F in Field]: Record<Level<F>, number> };

/** What a reviewer sees per field: the level folded to four words. */
export type Agreement = 'AGREE' | 'PARTIAL' | 'DISAGREE' | 'MISSING';
export function agreementOf(level: Level): Agreement {
  if (level === 'EXACT' || level === 'AGREE') return 'AGREE';
  if (level === 'MISSING') return 'MISSING';
  if (level === 'DIFFERENT' || level === 'DISAGREE' || level === 'LOW') return 'DISAGREE';
  return 'PARTIAL';
}

/** An encoding with its Bloom filters decoded once, since one record is compared many times. */
export interface PreparedEncoding {
  encoding: LinkageEncoding;
  firstBits: Uint32Array;
  lastBits: Uint32Array;
  firstCount: number;
  lastCount: number;
  /**
   * How many records in the registry carry this first name (capped), when the registry has
   * counted them: see `realNames`.
   */
  firstCarriers?: number;
}

/** Records counted per first name at most: beyond this every name is as common as any other. */
export const FIRST_NAME_COUNT_CAP = 200;

/**
 * Both first names are real names, not one name and its typo: both on the public given-name
 * list, or both carried by several records in the registry in like numbers. A typo of a common
 * name recurs too (JENIFER for JENNIFER, a few times in a large registry), but far less often
 * than the name itself; twins' names are each as common as the other.
 */
function realNames(a: PreparedEncoding, b: PreparedEncoding): boolean {
  if (a.encoding.firstKnown === true && b.encoding.firstKnown === true) return true;
  const x = a.firstCarriers ?? 0;
  const y = b.firstCarriers ?? 0;
  return Math.min(x, y) >= 2 && Math.min(x, y) >= 0.2 * Math.max(x, y);
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

function fuzzy(similarity: number): 'SIMILAR' | 'PARTIAL' | 'LOW' | 'DIFFERENT' {
  if (similarity >= 0.85) return 'SIMILAR';
  if (similarity >= 0.6) return 'PARTIAL';
  if (similarity >= 0.45) return 'LOW';
  return 'DIFFERENT';
}

function optional(a: string | null | undefined, b: string | null | undefined): 'AGREE' | 'DISAGREE' | 'MISSING' {
  if (!a || !b) return 'MISSING';
  return a === b ? 'AGREE' : 'DISAGREE';
}

function dobLevel(x: LinkageEncoding, y: LinkageEncoding): Level<'dob'> {
  if (x.dob === y.dob) return 'EXACT';
  if (x.dobSwap === y.dobSwap) return 'SWAPPED';
  if (x.dobNear?.includes(y.dob) || y.dobNear?.includes(x.dob)) return 'YEAR_NEAR';
  if (x.dobYM === y.dobYM || x.dobYD === y.dobYD || x.dobMD === y.dobMD) return 'ONE_PART';
  return 'DIFFERENT';
}

function suffixLevel(x: LinkageEncoding, y: LinkageEncoding): Level<'suffix'> {
  if (x.suffix && y.suffix) return x.suffix === y.suffix ? 'AGREE' : 'DISAGREE';
  return x.suffix || y.suffix ? 'ONE_SIDED' : 'MISSING';
}

/** A surname part of one is the other's surname, or the two share a part (GARCIA-LOPEZ, LOPEZ). */
function sharesSurnamePart(x: LinkageEncoding, y: LinkageEncoding): boolean {
  const xs = x.lastParts ?? [];
  const ys = y.lastParts ?? [];
  return xs.includes(y.last) || ys.includes(x.last) || xs.some((part) => ys.includes(part));
}

/** The two ways to compare a pair's names: as entered, and crossed (first against last). */
export interface Comparison {
  pattern: Pattern;
  crossed: boolean;
}

/** The fields other than names, which do not depend on how the names are read. */
export function rest(x: LinkageEncoding, y: LinkageEncoding): Omit<Pattern, 'first' | 'last'> {
  return {
    dob: dobLevel(x, y),
    sex: optional(x.sex, y.sex),
    ssn4: optional(x.ssn4, y.ssn4),
    phone: optional(x.phone, y.phone),
    email: optional(x.email, y.email),
    suffix: suffixLevel(x, y),
  };
}

export function compareStraight(a: PreparedEncoding, b: PreparedEncoding, others: Omit<Pattern, 'first' | 'last'> = rest(a.encoding, b.encoding)): Pattern {
  const x = a.encoding;
  const y = b.encoding;
  let first: Level<'first'> = x.first === y.first ? 'EXACT' : fuzzy(dice(a.firstBits, a.firstCount, b.firstBits, b.firstCount));
  // Two different names that are both real names are two names, not a typo.
  if (first !== 'EXACT' && first !== 'DIFFERENT' && realNames(a, b)) first = 'KNOWN_DIFFERENT';
  let last: Level<'last'> = x.last === y.last ? 'EXACT' : fuzzy(dice(a.lastBits, a.lastCount, b.lastBits, b.lastCount));
  if (last !== 'EXACT' && last !== 'SIMILAR' && sharesSurnamePart(x, y)) last = 'PART';
  return { first, last, ...others };
}

export function compareCrossed(a: PreparedEncoding, b: PreparedEncoding, others: Omit<Pattern, 'first' | 'last'> = rest(a.encoding, b.encoding)): Pattern {
  const x = a.encoding;
  const y = b.encoding;
  const first: Level<'first'> = x.first === y.last ? 'EXACT' : fuzzy(dice(a.firstBits, a.firstCount, b.lastBits, b.lastCount));
  const last: Level<'last'> = x.last === y.first ? 'EXACT' : fuzzy(dice(a.lastBits, a.lastCount, b.firstBits, b.firstCount));
  return { first, last, ...others };
}
