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
  /**
   * log2 prior odds that any two records are one person: matches in the birth-date pass over
   * the share of matches with the same birth date, over all pairs. With it, a pair's score plus
   * this prior is its posterior log-odds (as Splink's match weight). Null without such passes.
   */
  globalPriorLogOdds: number | null;
  /** per pass: its name, pairs compared, share matching, iterations */
  passes: Array<{ name: string; pairs: number; sampled: number; lambda: number; iterations: number; converged: boolean }>;
  iterations: number;
  converged: boolean;
  candidatePairs: number;
  randomPairs: number;
  /** levels whose weight came from HAND_WEIGHTS */
  fallback: Array<{ field: Field; level: string; reason: string }>;
}

/**
 * One blocking pass, as Splink runs them: pairs that share one lookup key (the birth date, say).
 * Within the pass every pair agrees on the fields the key is made of, so those fields say nothing
 * about match status there: they are `fixed`, and their m is estimated from the other passes.
 */
export interface EstimatePass {
  name: string;
  candidates: readonly Pattern[];
  fixed: readonly Field[];
  /** how many pairs the pass has in all (the candidates may be a sample of them) */
  pairs?: number;
}

export interface EstimateInput {
  /** a single pass with nothing fixed (shorthand for `passes`) */
  candidates?: readonly Pattern[];
  passes?: readonly EstimatePass[];
  random: readonly Pattern[];
  /**
   * records in the registry: with a pass blocked on the birth date alone and another that
   * estimates the birth date's m, the prior over all pairs (`globalPriorLogOdds`) follows
   */
  records?: number;
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
function step(candidates: Tally, logUOfPattern: Float64Array, m: number[][], lambda: number, active: boolean[]): { m: number[][]; lambda: number } {
  const logM = m.map((row, f) => row.map((x) => (active[f] ? Math.log(x) : 0)));
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

function expectationMaximisation(candidates: Tally, u: number[][], maxIterations: number, tolerance: number, active: boolean[]): EmResult {
  const logU = u.map((row, f) => row.map((x) => (active[f] ? Math.log(x) : 0)));
  const logUOfPattern = new Float64Array(candidates.counts.length);
  for (let d = 0; d < logUOfPattern.length; d++) {
    for (let f = 0; f < NF; f++) logUOfPattern[d] += logU[f][candidates.patterns[d * NF + f]];
  }
  // Starting from the hand weights puts the first guess on the match side; from a flat m, EM can
  // settle with the two classes swapped.
  let m = u.map((row, f) => normalise(row.map((uLevel, l) => uLevel * 2 ** handWeight(f, l))));
  let lambda = INITIAL_LAMBDA;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const next = step(candidates, logUOfPattern, m, lambda, active);
    let change = Math.abs(next.lambda - lambda);
    next.m.forEach((row, f) => {
      if (!active[f]) return;
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

function checkInput(input: EstimateInput): { maxIterations: number; tolerance: number; passes: readonly EstimatePass[] } {
  const { random, maxIterations = 50, tolerance = 1e-5 } = input;
  const passes = input.passes ?? [{ name: 'candidates', candidates: input.candidates ?? [], fixed: [] }];
  const candidates = passes.reduce((n, pass) => n + pass.candidates.length, 0);
  if (candidates < MIN_CANDIDATES) {
    throw new Error(`estimating weights needs at least ${MIN_CANDIDATES} candidate pairs (got ${candidates})`);
  }
  if (random.length < MIN_RANDOM) {
    throw new Error(`estimating weights needs at least ${MIN_RANDOM} random pairs (got ${random.length})`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new Error(`maxIterations must be a positive integer (got ${maxIterations})`);
  }
  if (!(tolerance > 0)) throw new Error(`tolerance must be a positive number (got ${tolerance})`);
  return { maxIterations, tolerance, passes };
}

interface PassesResult {
  /** m per field and level: the mean over the passes that estimate the field (0 of them: none) */
  m: number[][];
  mPasses: number[];
  perLevel: number[][];
  results: WeightEstimate['passes'];
  candidatePairs: number;
  lambda: number;
}

/** Runs EM per pass, each estimating m for the fields it does not fix. */
function runPasses(passes: readonly EstimatePass[], u: number[][], maxIterations: number, tolerance: number): PassesResult {
  const mSum = SIZES.map((size) => new Array<number>(size).fill(0));
  const mPasses = new Array<number>(NF).fill(0);
  const perLevel = SIZES.map((size) => new Array<number>(size).fill(0));
  const results: WeightEstimate['passes'] = [];
  let candidatePairs = 0;
  let lambdaPairs = 0;
  for (const pass of passes) {
    if (pass.candidates.length < MIN_CANDIDATES) continue;
    const candidates = tally(pass.candidates, 'candidates');
    const active = FIELDS.map((field) => !pass.fixed.includes(field));
    const em = expectationMaximisation(candidates, u, maxIterations, tolerance, active);
    em.m.forEach((row, f) => {
      if (!active[f]) return;
      mPasses[f]++;
      row.forEach((x, l) => {
        mSum[f][l] += x;
        perLevel[f][l] += candidates.perLevel[f][l];
      });
    });
    const { lambda, iterations, converged } = em;
    results.push({ name: pass.name, pairs: pass.pairs ?? candidates.pairs, sampled: candidates.pairs, lambda, iterations, converged });
    candidatePairs += candidates.pairs;
    lambdaPairs += lambda * candidates.pairs;
  }
  const m = mSum.map((row, f) => (mPasses[f] ? row.map((x) => x / mPasses[f]) : row.map((_, l) => u[f][l] * 2 ** handWeight(f, l))));
  const lambda = Math.min(1 - LAMBDA_BOUND, Math.max(LAMBDA_BOUND, lambdaPairs / Math.max(1, candidatePairs)));
  return { m, mPasses, perLevel, results, candidatePairs, lambda };
}

/** Estimates m, u, lambda and the weights log2(m/u) from candidate pairs (in passes) and random pairs. */
export function estimateWeights(input: EstimateInput): WeightEstimate {
  const { maxIterations, tolerance, passes } = checkInput(input);
  const random = tally(input.random, 'random');
  // Add-one smoothing: a level no random pair showed is rare among non-matches, not impossible.
  const u = random.perLevel.map((row) => row.map((count) => (count + 1) / (random.pairs + row.length)));
  const run = runPasses(passes, u, maxIterations, tolerance);
  const fallback: WeightEstimate['fallback'] = [];
  const weights = run.m.map((row, f) =>
    row.map((mLevel, l) => {
      if (!run.mPasses[f]) {
        fallback.push({ field: FIELDS[f], level: LEVELS[FIELDS[f]][l], reason: 'fixed in every pass' });
        return handWeight(f, l);
      }
      if (run.perLevel[f][l] < MIN_LEVEL_PAIRS && random.perLevel[f][l] < MIN_LEVEL_PAIRS) {
        fallback.push({ field: FIELDS[f], level: LEVELS[FIELDS[f]][l], reason: 'too few pairs' });
        return handWeight(f, l);
      }
      return Math.min(WEIGHT_LIMIT, Math.max(-WEIGHT_LIMIT, Math.log2(mLevel / u[f][l])));
    }),
  );
  return {
    weights: byLevel(weights),
    m: byLevel(run.m),
    u: byLevel(u),
    lambda: run.lambda,
    priorLogOdds: Math.log2(run.lambda / (1 - run.lambda)),
    globalPriorLogOdds: globalPrior(passes, run.results, run.m, input.records),
    passes: run.results,
    iterations: Math.max(0, ...run.results.map((r) => r.iterations)),
    converged: run.results.every((r) => r.converged),
    candidatePairs: run.candidatePairs,
    randomPairs: random.pairs,
    fallback,
  };
}

/**
 * Matches among all pairs: those in the birth-date pass (its share matching times its pairs),
 * divided by the share of matches whose birth dates agree exactly (m of dob EXACT, estimated by
 * the passes that do not fix the birth date). Over N(N-1)/2 pairs, that is the prior.
 */
function globalPrior(passes: readonly EstimatePass[], results: WeightEstimate['passes'], m: number[][], records: number | undefined): number | null {
  const dobPass = passes.find((p) => p.fixed.length === 1 && p.fixed[0] === 'dob');
  const result = dobPass && results.find((r) => r.name === dobPass.name);
  const dob = FIELDS.indexOf('dob');
  const estimatesDob = passes.some((p) => !p.fixed.includes('dob') && p.candidates.length >= MIN_CANDIDATES);
  if (!dobPass || !result || !estimatesDob || !records || records < 2) return null;
  const exact = m[dob][(LEVELS.dob as readonly string[]).indexOf('EXACT')];
  const matches = (result.lambda * result.pairs) / Math.max(exact, 1e-6);
  const pairs = (records * (records - 1)) / 2;
  const share = Math.min(1 - LAMBDA_BOUND, Math.max(LAMBDA_BOUND, matches / pairs));
  return Math.log2(share / (1 - share));
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
