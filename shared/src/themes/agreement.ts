/**
 * How far a theme coder agrees with answers coded by hand ("gold"): per theme, Cohen's kappa on
 * the binary question "does this answer carry the theme", and the coder's precision and recall
 * against gold; then plain (macro) means over the themes.
 */

export interface ThemeAgreement {
  theme: string;
  /** null when both gold and coder are constant for this theme (chance agreement is 1) */
  kappa: number | null;
  /** null when the coder never gave the theme */
  precision: number | null;
  /** null when gold never carries the theme */
  recall: number | null;
  goldPositives: number;
  coderPositives: number;
  bothPositive: number;
  n: number;
}

export interface AgreementReport {
  n: number;
  themes: ThemeAgreement[];
  /** mean of the themes' kappas, null kappas left out; NaN when every kappa is null */
  macroKappa: number;
  /** mean of the themes' precisions, null ones left out; NaN when every one is null */
  macroPrecision: number;
  /** mean of the themes' recalls, null ones left out; NaN when every one is null */
  macroRecall: number;
}

function check(themes: readonly string[], gold: ReadonlyArray<readonly string[]>, coded: ReadonlyArray<readonly string[]>): void {
  if (gold.length !== coded.length) {
    const index = Math.min(gold.length, coded.length);
    const side = gold.length > coded.length ? 'gold' : 'coded';
    throw new Error(`gold has ${gold.length} answers and coded has ${coded.length}: answer ${index} is in ${side} only`);
  }
  const known = new Set(themes);
  if (known.size !== themes.length) throw new Error('the themes compared hold a duplicate');
  for (let i = 0; i < gold.length; i++) {
    for (const [side, codes] of [
      ['gold', gold[i]],
      ['coded', coded[i]],
    ] as const) {
      const unknown = codes.find((code) => !known.has(code));
      if (unknown !== undefined) throw new Error(`answer ${i}: ${side} carries theme "${unknown}", which is not among the themes compared`);
    }
  }
}

/** Counts for one theme; kappa in whole numbers (pe scaled by n²), so "pe === 1" is exact. */
function themeAgreement(theme: string, gold: ReadonlyArray<ReadonlySet<string>>, coded: ReadonlyArray<ReadonlySet<string>>): ThemeAgreement {
  const n = gold.length;
  let goldPositives = 0;
  let coderPositives = 0;
  let bothPositive = 0;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const g = gold[i].has(theme);
    const c = coded[i].has(theme);
    if (g) goldPositives++;
    if (c) coderPositives++;
    if (g && c) bothPositive++;
    if (g === c) agree++;
  }
  // n² · pe = (yes_gold · yes_coder) + (no_gold · no_coder); n² · po = n · agree.
  const chance = goldPositives * coderPositives + (n - goldPositives) * (n - coderPositives);
  const kappa = chance === n * n ? null : (n * agree - chance) / (n * n - chance);
  return {
    theme,
    kappa,
    precision: coderPositives === 0 ? null : bothPositive / coderPositives,
    recall: goldPositives === 0 ? null : bothPositive / goldPositives,
    goldPositives,
    coderPositives,
    bothPositive,
    n,
  };
}

const mean = (values: ReadonlyArray<number | null>): number => {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? Number.NaN : defined.reduce((sum, v) => sum + v, 0) / defined.length;
};

/**
 * Cohen's kappa per theme (binary: theme present or not per answer), precision and recall of the
 * coder against gold, macro averages over themes (themes whose kappa is null left out of the
 * kappa average; likewise null precisions and recalls). `gold[i]` and `coded[i]` are the theme
 * codes of answer i; a code repeated within one answer counts once. Refuses (throws) when the
 * two lists differ in length, when `themes` repeats a code, or when an answer carries a code
 * that is not in `themes` (a typo would otherwise pass as "absent").
 */
export function agreement(themes: readonly string[], gold: ReadonlyArray<readonly string[]>, coded: ReadonlyArray<readonly string[]>): AgreementReport {
  check(themes, gold, coded);
  const goldSets = gold.map((codes) => new Set(codes));
  const codedSets = coded.map((codes) => new Set(codes));
  const perTheme = themes.map((theme) => themeAgreement(theme, goldSets, codedSets));
  return {
    n: gold.length,
    themes: perTheme,
    macroKappa: mean(perTheme.map((t) => t.kappa)),
    macroPrecision: mean(perTheme.map((t) => t.precision)),
    macroRecall: mean(perTheme.map((t) => t.recall)),
  };
}
