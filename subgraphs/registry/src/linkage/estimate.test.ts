import { FIELDS, type Field, LEVELS, type Pattern } from './compare';
import { estimateWeights, posterior, type WeightEstimate } from './estimate';
import { HAND_WEIGHTS } from './score';

/** mulberry32: a seeded PRNG, so the synthetic pairs, and hence the test, are the same every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Truth = { [F in Field]: number[] };
// Probabilities in LEVELS order. suffix DISAGREE never occurs, among matches or not, so it must
// fall back to the hand weight.
const M: Truth = {
  first: [0.85, 0.07, 0.03, 0.01, 0.02, 0.02],
  last: [0.88, 0.05, 0.02, 0.02, 0.01, 0.02],
  dob: [0.9, 0.02, 0.03, 0.03, 0.02],
  sex: [0.93, 0.02, 0.05],
  ssn4: [0.55, 0.01, 0.44],
  phone: [0.4, 0.2, 0.4],
  email: [0.3, 0.1, 0.6],
  suffix: [0.03, 0, 0.02, 0.95],
};
const U: Truth = {
  first: [0.01, 0.01, 0.03, 0.05, 0.1, 0.8],
  last: [0.005, 0.01, 0.01, 0.03, 0.1, 0.845],
  dob: [0.002, 0.002, 0.006, 0.09, 0.9],
  sex: [0.5, 0.45, 0.05],
  ssn4: [0.002, 0.558, 0.44],
  phone: [0.001, 0.599, 0.4],
  email: [0.001, 0.399, 0.6],
  suffix: [0.02, 0, 0.04, 0.94],
};
const LAMBDA = 0.3;

function draw(random: () => number, truth: Truth): Pattern {
  const pattern: Record<string, string> = {};
  for (const field of FIELDS) {
    const x = random();
    const probabilities = truth[field];
    let level = probabilities.length - 1;
    for (let l = 0, cumulative = 0; l < probabilities.length; l++) {
      cumulative += probabilities[l];
      if (x < cumulative) {
        level = l;
        break;
      }
    }
    pattern[field] = LEVELS[field][level];
  }
  return pattern as Pattern;
}

function synthetic(seed: number, candidates = 20_000, randomPairs = 50_000) {
  const random = mulberry32(seed);
  return {
    candidates: Array.from({ length: candidates }, () => draw(random, random() < LAMBDA ? M : U)),
    random: Array.from({ length: randomPairs }, () => draw(random, U)),
  };
}

const input = synthetic(20261123);
const level = (estimate: WeightEstimate['m'], field: Field, name: string) => (estimate[field] as Record<string, number>)[name];

describe('estimateWeights', () => {
  const estimate = estimateWeights(input);

  it('recovers m of the top levels and lambda from synthetic pairs', () => {
    expect(estimate.converged).toBe(true);
    expect(estimate.iterations).toBeLessThanOrEqual(50);
    expect(estimate.candidatePairs).toBe(20_000);
    expect(estimate.randomPairs).toBe(50_000);
    expect(Math.abs(estimate.lambda - LAMBDA)).toBeLessThan(0.03);
    expect(estimate.priorLogOdds).toBeCloseTo(Math.log2(estimate.lambda / (1 - estimate.lambda)), 10);
    const top: Array<[Field, string, number]> = [
      ['first', 'EXACT', M.first[0]],
      ['last', 'EXACT', M.last[0]],
      ['dob', 'EXACT', M.dob[0]],
      ['ssn4', 'AGREE', M.ssn4[0]],
    ];
    for (const [field, name, truth] of top) expect(Math.abs(level(estimate.m, field, name) - truth)).toBeLessThan(0.03);
    for (const field of FIELDS) {
      const total = (rows: WeightEstimate['m']) => Object.values(rows[field] as Record<string, number>).reduce((a, b) => a + b, 0);
      expect(total(estimate.m)).toBeCloseTo(1, 10);
      expect(total(estimate.u)).toBeCloseTo(1, 10);
      for (const p of Object.values(estimate.u[field] as Record<string, number>)) expect(p).toBeGreaterThan(0);
    }
  });

  it('weighs exact agreement for and difference against a match, within ±12 bits', () => {
    for (const field of ['first', 'last', 'dob'] as const) {
      expect(level(estimate.weights, field, 'EXACT')).toBeGreaterThan(0);
      expect(level(estimate.weights, field, 'DIFFERENT')).toBeLessThan(0);
    }
    for (const field of FIELDS) {
      for (const w of Object.values(estimate.weights[field] as Record<string, number>)) {
        expect(Number.isFinite(w)).toBe(true);
        expect(Math.abs(w)).toBeLessThanOrEqual(12);
      }
    }
  });

  it('gives an all-agree pattern a near-certain match and an all-disagree one a near-certain non-match', () => {
    const agree: Pattern = { first: 'EXACT', last: 'EXACT', dob: 'EXACT', sex: 'AGREE', ssn4: 'AGREE', phone: 'AGREE', email: 'AGREE', suffix: 'AGREE' };
    const disagree: Pattern = {
      first: 'DIFFERENT',
      last: 'DIFFERENT',
      dob: 'DIFFERENT',
      sex: 'DISAGREE',
      ssn4: 'DISAGREE',
      phone: 'DISAGREE',
      email: 'DISAGREE',
      suffix: 'DISAGREE',
    };
    expect(posterior(agree, estimate)).toBeGreaterThan(0.99);
    expect(posterior(disagree, estimate)).toBeLessThan(0.01);
  });

  it('keeps the hand weight of a level no pair shows, and says so', () => {
    expect(estimate.fallback).toEqual([{ field: 'suffix', level: 'DISAGREE', reason: 'too few pairs' }]);
    expect(estimate.weights.suffix.DISAGREE).toBe(HAND_WEIGHTS.suffix.DISAGREE);
  });

  it('gives the same estimate for the same pairs, in any order', () => {
    expect(estimateWeights(input)).toEqual(estimate);
    const reversed = estimateWeights({ candidates: [...input.candidates].reverse(), random: [...input.random].reverse() });
    expect(reversed).toEqual(estimate);
  });

  it('refuses too few pairs, naming which input', () => {
    const small = synthetic(7, 100, 1000);
    expect(() => estimateWeights({ candidates: small.candidates.slice(0, 99), random: small.random })).toThrow(
      'estimating weights needs at least 100 candidate pairs (got 99)',
    );
    expect(() => estimateWeights({ candidates: small.candidates, random: small.random.slice(0, 999) })).toThrow(
      'estimating weights needs at least 1000 random pairs (got 999)',
    );
    expect(() => estimateWeights(small)).not.toThrow();
  });

  it('refuses a pattern with a level its field does not have', () => {
    const bad = [...input.candidates.slice(0, 200)];
    bad[3] = { ...bad[3], dob: 'CLOSE' as Pattern['dob'] };
    expect(() => estimateWeights({ candidates: bad, random: input.random })).toThrow("candidates[3].dob is 'CLOSE', not a level of dob");
  });
});
