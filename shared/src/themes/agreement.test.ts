import { agreement } from './agreement';
import type { Coding } from './coder';
import { BASELINE_KEYWORDS, keywordBaseline } from './keyword-baseline';
import { WORKFORCE_BARRIERS_V1 } from './workforce-barriers';

/**
 * One theme "T" over a 2×2 table: a answers both say T, b gold only, c coder only, d neither.
 * Returns gold and coded lists in that order.
 */
function table(a: number, b: number, c: number, d: number): { gold: string[][]; coded: string[][] } {
  const rows: Array<[boolean, boolean]> = [
    ...Array.from({ length: a }, () => [true, true] as [boolean, boolean]),
    ...Array.from({ length: b }, () => [true, false] as [boolean, boolean]),
    ...Array.from({ length: c }, () => [false, true] as [boolean, boolean]),
    ...Array.from({ length: d }, () => [false, false] as [boolean, boolean]),
  ];
  return { gold: rows.map(([g]) => (g ? ['T'] : [])), coded: rows.map(([, k]) => (k ? ['T'] : [])) };
}

const one = (a: number, b: number, c: number, d: number) => {
  const { gold, coded } = table(a, b, c, d);
  return agreement(['T'], gold, coded).themes[0];
};

describe("agreement: Cohen's kappa, precision and recall per theme", () => {
  it('gives kappa 1 for perfect agreement', () => {
    const t = one(3, 0, 0, 5);
    expect(t.kappa).toBe(1);
    expect(t.precision).toBe(1);
    expect(t.recall).toBe(1);
    expect(t).toMatchObject({ theme: 'T', goldPositives: 3, coderPositives: 3, bothPositive: 3, n: 8 });
  });

  it('gives a negative kappa for total disagreement', () => {
    // gold yes on 0 and 2, coder yes on 1 and 3: po = 0, pe = 0.5, kappa = -1.
    const report = agreement(['T'], [['T'], [], ['T'], []], [[], ['T'], [], ['T']]);
    expect(report.themes[0].kappa).toBe(-1);
    expect(report.themes[0].precision).toBe(0);
    expect(report.themes[0].recall).toBe(0);
  });

  it('matches worked examples to 4 decimals', () => {
    // n = 7, a = 2, b = 1, c = 1, d = 3: po = 5/7, pe = (3·3 + 4·4)/49 = 25/49, kappa = 10/24.
    expect(one(2, 1, 1, 3).kappa).toBeCloseTo(0.4167, 4);
    // n = 50, 20 / 5 / 10 / 15: po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4.
    expect(one(20, 5, 10, 15).kappa).toBeCloseTo(0.4, 4);
    // n = 100, 45 / 25 / 15 / 15: po = 0.6, pe = 0.7·0.6 + 0.3·0.4 = 0.54, kappa = 0.06 / 0.46.
    const t = one(45, 25, 15, 15);
    expect(t.kappa).toBeCloseTo(0.1304, 4);
    expect(t.precision).toBeCloseTo(45 / 60, 10);
    expect(t.recall).toBeCloseTo(45 / 70, 10);
  });

  it('gives null kappa when both sides are constant, and null precision or recall with no positives', () => {
    const never = one(0, 0, 0, 4);
    expect(never).toMatchObject({ kappa: null, precision: null, recall: null, goldPositives: 0, coderPositives: 0 });
    const always = one(4, 0, 0, 0);
    expect(always).toMatchObject({ kappa: null, precision: 1, recall: 1 });
    // Only gold constant: pe < 1, kappa is defined (0: no better than chance).
    const goldNever = one(0, 0, 1, 3);
    expect(goldNever.kappa).toBe(0);
    expect(goldNever.recall).toBeNull();
    expect(goldNever.precision).toBe(0);
    const coderNever = one(0, 2, 0, 2);
    expect(coderNever.kappa).toBe(0);
    expect(coderNever.precision).toBeNull();
    expect(coderNever.recall).toBe(0);
  });

  it('gives nulls and NaN macros on no answers', () => {
    const report = agreement(['T'], [], []);
    expect(report.n).toBe(0);
    expect(report.themes[0]).toMatchObject({ kappa: null, precision: null, recall: null, n: 0 });
    expect(report.macroKappa).toBeNaN();
    expect(report.macroPrecision).toBeNaN();
    expect(report.macroRecall).toBeNaN();
  });

  it('macro-averages over themes, leaving null values out', () => {
    const gold = [['A', 'B'], ['A', 'B'], [], []];
    const coded = [['A', 'B'], ['A'], [], []];
    const report = agreement(['A', 'B', 'C'], gold, coded);
    const byTheme = Object.fromEntries(report.themes.map((t) => [t.theme, t]));
    expect(byTheme.A.kappa).toBe(1);
    // B: a = 1, b = 1, c = 0, d = 2: po = 3/4, pe = 2/4·1/4 + 2/4·3/4 = 1/2, kappa = 0.5.
    expect(byTheme.B.kappa).toBeCloseTo(0.5, 10);
    expect(byTheme.C.kappa).toBeNull();
    expect(report.macroKappa).toBeCloseTo(0.75, 10); // (1 + 0.5) / 2, not (1 + 0.5 + 0) / 3
    expect(report.macroPrecision).toBeCloseTo(1, 10); // A 1, B 1, C null
    expect(report.macroRecall).toBeCloseTo(0.75, 10); // A 1, B 0.5, C null
    expect(report.themes.map((t) => t.theme)).toEqual(['A', 'B', 'C']);
  });

  it('counts a code repeated within one answer once', () => {
    const report = agreement(['T'], [['T', 'T'], []], [['T'], []]);
    expect(report.themes[0]).toMatchObject({ kappa: 1, goldPositives: 1, coderPositives: 1, bothPositive: 1 });
  });

  it('refuses lists of different lengths, naming the index', () => {
    expect(() => agreement(['T'], [['T'], [], []], [['T'], []])).toThrow(/answer 2 is in gold only/);
    expect(() => agreement(['T'], [[]], [[], ['T']])).toThrow(/answer 1 is in coded only/);
  });

  it('refuses a code not among the themes compared, and duplicate themes', () => {
    expect(() => agreement(['T'], [['T'], ['TT']], [['T'], []])).toThrow(/answer 1: gold carries theme "TT"/);
    expect(() => agreement(['T'], [[], []], [[], ['X']])).toThrow(/answer 1: coded carries theme "X"/);
    expect(() => agreement(['T', 'T'], [], [])).toThrow(/duplicate/);
  });
});

describe('the keyword baseline (keywords@1)', () => {
  const baseline = keywordBaseline();
  const themesOf = (text: string) => {
    const coding = baseline.code(text);
    if (coding.status !== 'CODED') throw new Error(`refused: ${coding.message}`);
    return coding.themes.map((t) => t.code);
  };

  it('has 5 to 10 plain lower-case keywords for every codebook theme, and no others', () => {
    const codes = WORKFORCE_BARRIERS_V1.themes.map((t) => t.code);
    expect(Object.keys(BASELINE_KEYWORDS).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      expect(BASELINE_KEYWORDS[code].length).toBeGreaterThanOrEqual(5);
      expect(BASELINE_KEYWORDS[code].length).toBeLessThanOrEqual(10);
      for (const keyword of BASELINE_KEYWORDS[code]) expect(keyword).toMatch(/^[a-z]+$/);
    }
  });

  it('codes "the bus was late" as TRANSPORTATION, recording the keyword', () => {
    expect(baseline.id).toBe('keywords@1');
    expect(baseline.code('The bus was late.')).toEqual({ status: 'CODED', themes: [{ code: 'TRANSPORTATION', rule: 'bus' }] });
  });

  it('also codes "transportation was not a problem": by design it has no negation', () => {
    expect(themesOf('transportation was not a problem')).toEqual(['TRANSPORTATION']);
  });

  it('matches whole words and word prefixes only, case-insensitively', () => {
    expect(themesOf('BUSES never came')).toEqual(['TRANSPORTATION']);
    expect(themesOf('I was abused')).toEqual([]);
    expect(themesOf('Daycare and the internet')).toEqual(['CHILDCARE', 'DIGITAL_ACCESS']);
    expect(themesOf('I like the color blue.')).toEqual([]);
  });

  it('refuses an empty answer like the rule coder', () => {
    for (const text of ['', '   \n ']) {
      const coding: Coding = baseline.code(text);
      expect(coding).toMatchObject({ status: 'REFUSED', reason: 'EMPTY' });
    }
  });

  it('scores against hand coding: the missing negation costs precision', () => {
    const answers: Array<[string, string[]]> = [
      ['The bus was late every day.', ['TRANSPORTATION']],
      ['Transportation was not a problem for me.', []],
      ['Daycare costs too much.', ['CHILDCARE']],
      ['I was evicted last spring.', ['HOUSING']],
    ];
    const coded = answers.map(([text]) => themesOf(text));
    const codes = WORKFORCE_BARRIERS_V1.themes.map((t) => t.code);
    const report = agreement(
      codes,
      answers.map(([, gold]) => gold),
      coded,
    );
    const transport = report.themes.find((t) => t.theme === 'TRANSPORTATION')!;
    expect(transport).toMatchObject({ goldPositives: 1, coderPositives: 2, bothPositive: 1, precision: 0.5, recall: 1 });
    // a = 1, b = 0, c = 1, d = 2: po = 3/4, pe = 1/4·2/4 + 3/4·2/4 = 1/2, kappa = 0.5.
    expect(transport.kappa).toBeCloseTo(0.5, 10);
    expect(report.themes.find((t) => t.theme === 'CHILDCARE')!.kappa).toBe(1);
  });
});
