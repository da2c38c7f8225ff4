import { FIELDS, type Field, LEVELS, type Level, type Pattern, type Weights } from './compare';
import { HAND_WEIGHTS, matchProbability } from './score';

/*
 * Fellegi-Sunter weights estimated from a registry's own pairs, as Splink does: u (how often a
 * level occurs among non-matches) from random pairs, which are almost all non-matches; m (how
 * often among matches) and lambda (the share of candidate pairs that match) by
 * expectation-maximisation over the candidate pairs with u held fixed, fields assumed
 * independent given match status. Holding u fixed is Splink's default because EM left free to
 * move u as well often converges on a split of the pairs that is not match/non-match.
 */

/** A probability per field and level (m or u): each field's levels sum to 1. */
export type LevelProbabilities = { [F in Field]: Record<Level<F>, number> };

export interface WeightEstimate {
  /** log2(m/u), clipped to ±12; HAND_WEIGHTS for the levels listed in `fallback` */
  weights: Weights;
  m: LevelProbabilities;
  u: LevelProbabilities;
  /** estimated share of candidate pairs that are matches */
  lambda: number;
  /** log2(lambda / (1 - lambda)): the prior that `matchProbability` in score.ts takes */
  priorLogOdds: number;
  iterations: number;
  converged: boolean;
  candidatePairs: number;
  randomPairs: number;
  /** levels whose weight came from HAND_WEIGHTS */
  fallback: Array<{ field: Field; level: string; reason: string }>;
}

export interface EstimateInput {
  candidates: readonly Pattern[];
  random: readonly Pattern[];
  /** default 50 */
  maxIterations?: number;
  /** default 1e-5: stop once no m and not lambda moves by more than this in one iteration */
  tolerance?: number;
}

const MIN_CANDIDATES = 100;
const MIN_RANDOM = 1000;
/** Below this many pairs in both inputs a level's m and u are noise, and so is its weight. */
const MIN_LEVEL_PAIRS = 5;
const WEIGHT_LIMIT = 12;
/** Keeps m of a level no match showed above 0, so its weight stays finite. */
const M_PSEUDO_COUNT = 0.5;
const INITIAL_LAMBDA = 0.1;
/** Keeps the prior log-odds finite when (nearly) every or no candidate pair matches. */
const LAMBDA_BOUND = 1e-9;

const NF = FIELDS.length;
const SIZES = FIELDS.map((field) => LEVELS[field].length);
const LEVEL_INDEX = FIELDS.map((field) => new Map<string, number>(LEVELS[field].map((level, i) => [level, i])));

/** Pairs summarised: how often each distinct pattern and each field's level occurs. */
interface Tally {
  pairs: number;
  /** distinct patterns as level indices, NF per pattern, in ascending order of their code */
  patterns: Int32Array;
  counts: number[];
  /** [field][level]: pairs showing that level */
  perLevel: number[][];
}

/*
 * One code per pattern (mixed radix, one digit per field's level) rather than a string key:
 * a million candidate pairs are grouped without building a million strings, and sorting the
 * codes makes the sums, hence the result, independent of the order the pairs came in.
 */
function tally(pairs: readonly Pattern[], input: 'candidates' | 'random'): Tally {
  const byCode = new Map<number, number>();
  const perLevel = SIZES.map((size) => new Array<number>(size).fill(0));
  pairs.forEach((pattern, p) => {
    let code = 0;
    for (let f = 0; f < NF; f++) {
      const field = FIELDS[f];
      const level = LEVEL_INDEX[f].get(pattern[field]);
      if (level === undefined) {
        throw new Error(`${input}[${p}].${field} is '${String(pattern[field])}', not a level of ${field} (${LEVELS[field].join(', ')})`);
      }
      perLevel[f][level]++;
      code = code * SIZES[f] + level;
    }
    byCode.set(code, (byCode.get(code) ?? 0) + 1);
  });
  const codes = [...byCode.keys()].sort((a, b) => a - b);
  const patterns = new Int32Array(codes.length * NF);
  codes.forEach((code, d) => {
    let rest = code;
    for (let f = NF - 1; f >= 0; f--) {
      patterns[d * NF + f] = rest % SIZES[f];
      rest = Math.floor(rest / SIZES[f]);
    }
  });
  return { pairs: pairs.length, patterns, counts: codes.map((code) => byCode.get(code)!), perLevel };
}

const handWeight = (f: number, l: number) => (HAND_WEIGHTS[FIELDS[f]] as Record<string, number>)[LEVELS[FIELDS[f]][l]];

function normalise(row: number[]): number[] {
  const total = row.reduce((sum, x) => sum + x, 0);
  return row.map((x) => x / total);
}

interface EmResult {
  m: number[][];
  lambda: number;
  iterations: number;
  converged: boolean;
}

/** One EM step: each distinct pattern's match probability under (m, lambda), then m and lambda re-fitted to it. */
function step(candidates: Tally, logUOfPattern: Float64Array, m: number[][], lambda: number): { m: number[][]; lambda: number } {
  const logM = m.map((row) => row.map(Math.log));
  const priorLogOdds = Math.log(lambda) - Math.log(1 - lambda);
  const expected = SIZES.map((size) => new Array<number>(size).fill(0));
  let matches = 0;
  for (let d = 0; d < candidates.counts.length; d++) {
    let logOdds = priorLogOdds - logUOfPattern[d];
    for (let f = 0; f < NF; f++) logOdds += logM[f][candidates.patterns[d * NF + f]];
    const share = candidates.counts[d] / (1 + Math.exp(-logOdds));
    matches += share;
    for (let f = 0; f < NF; f++) expected[f][candidates.patterns[d * NF + f]] += share;
  }
  return {
    m: expected.map((row) => row.map((x) => (x + M_PSEUDO_COUNT) / (matches + M_PSEUDO_COUNT * row.length))),
    lambda: Math.min(1 - LAMBDA_BOUND, Math.max(LAMBDA_BOUND, matches / candidates.pairs)),
  };
}

function expectationMaximisation(candidates: Tally, u: number[][], maxIterations: number, tolerance: number): EmResult {
  const logU = u.map((row) => row.map(Math.log));
  const logUOfPattern = new Float64Array(candidates.counts.length);
  for (let d = 0; d < logUOfPattern.length; d++) {
    for (let f = 0; f < NF; f++) logUOfPattern[d] += logU[f][candidates.patterns[d * NF + f]];
  }
  // Starting from the hand weights puts the first guess on the match side; from a flat m, EM can
  // settle with the two classes swapped.
  let m = u.map((row, f) => normalise(row.map((uLevel, l) => uLevel * 2 ** handWeight(f, l))));
  let lambda = INITIAL_LAMBDA;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const next = step(candidates, logUOfPattern, m, lambda);
    let change = Math.abs(next.lambda - lambda);
    next.m.forEach((row, f) => {
      row.forEach((x, l) => {
        change = Math.max(change, Math.abs(x - m[f][l]));
      });
    });
    m = next.m;
    lambda = next.lambda;
    if (change < tolerance) return { m, lambda, iterations: iteration, converged: true };
  }
  return { m, lambda, iterations: maxIterations, converged: false };
}

function byLevel(rows: number[][]): LevelProbabilities {
  return Object.fromEntries(FIELDS.map((field, f) => [field, Object.fromEntries(LEVELS[field].map((level, l) => [level, rows[f][l]]))])) as LevelProbabilities;
}

function checkInput(input: EstimateInput): { maxIterations: number; tolerance: number } {
  const { candidates, random, maxIterations = 50, tolerance = 1e-5 } = input;
  if (candidates.length < MIN_CANDIDATES) {
    throw new Error(`estimating weights needs at least ${MIN_CANDIDATES} candidate pairs (got ${candidates.length})`);
  }
  if (random.length < MIN_RANDOM) {
    throw new Error(`estimating weights needs at least ${MIN_RANDOM} random pairs (got ${random.length})`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`maxIterations must be a positive integer (got ${maxIterations})`);
  }
  if (!(tolerance > 0)) throw new Error(`tolerance must be a positive number (got ${tolerance})`);
  return { maxIterations, tolerance };
}

/** Estimates m, u, lambda and the weights log2(m/u) from candidate pairs and random pairs. */
export function estimateWeights(input: EstimateInput): WeightEstimate {
  const { maxIterations, tolerance } = checkInput(input);
  const candidates = tally(input.candidates, 'candidates');
  const random = tally(input.random, 'random');
  // Add-one smoothing: a level no random pair showed is rare among non-matches, not impossible.
  const u = random.perLevel.map((row) => row.map((count) => (count + 1) / (random.pairs + row.length)));
  const em = expectationMaximisation(candidates, u, maxIterations, tolerance);
  const fallback: WeightEstimate['fallback'] = [];
  const weights = em.m.map((row, f) =>
    row.map((mLevel, l) => {
      if (candidates.perLevel[f][l] < MIN_LEVEL_PAIRS && random.perLevel[f][l] < MIN_LEVEL_PAIRS) {
        fallback.push({ field: FIELDS[f], level: LEVELS[FIELDS[f]][l], reason: 'too few pairs' });
        return handWeight(f, l);
      }
      return Math.min(WEIGHT_LIMIT, Math.max(-WEIGHT_LIMIT, Math.log2(mLevel / u[f][l])));
    }),
  );
  return {
    weights: byLevel(weights),
    m: byLevel(em.m),
    u: byLevel(u),
    lambda: em.lambda,
    priorLogOdds: Math.log2(em.lambda / (1 - em.lambda)),
    iterations: em.iterations,
    converged: em.converged,
    candidatePairs: candidates.pairs,
    randomPairs: random.pairs,
    fallback,
  };
}

/**
 * The match probability of one pattern under the estimate. It reads the pattern through the
 * estimate's weights (clipped, with fallbacks) and prior, as a score with these weights would be
 * read, rather than through the raw m and u.
 */
export function posterior(pattern: Pattern, estimate: WeightEstimate): number {
  let score = 0;
  for (const field of FIELDS) {
    const weight = (estimate.weights[field] as Record<string, number>)[pattern[field]];
    if (weight === undefined) throw new Error(`pattern.${field} is '${String(pattern[field])}', not a level of ${field} (${LEVELS[field].join(', ')})`);
    score += weight;
  }
  return matchProbability(score, estimate.priorLogOdds);
}
