import { agreement, type AgreementReport } from '../agreement';
import { compileCodebook } from '../codebook';
import { ruleCoder, type ThemeCoder } from '../coder';
import { keywordBaseline } from '../keyword-baseline';
import { WORKFORCE_BARRIERS_V1 } from '../workforce-barriers';
import { GOLD_HELD_OUT, type GoldAnswer } from './gold-set';

const THEMES = WORKFORCE_BARRIERS_V1.themes.map((t) => t.code);

/** A coder's agreement with the hand coding: a refused answer counts as coded with no theme. */
export function score(coder: ThemeCoder, answers: readonly GoldAnswer[]): AgreementReport {
  const coded = answers.map((a) => {
    const coding = coder.code(a.answer);
    return coding.status === 'CODED' ? coding.themes.map((t) => t.code) : [];
  });
  return agreement(
    THEMES,
    answers.map((a) => a.themes),
    coded,
  );
}

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
const k = (x: number | null) => (x === null ? '–' : x.toFixed(2));

/**
 * The table docs/THEMES.md shows: per theme and macro-averaged, Cohen's kappa, precision and
 * recall of the rule coder on the held-out half, beside a plain keyword list's.
 */
export function heldOutTable(): string {
  const rules = score(ruleCoder(compileCodebook(WORKFORCE_BARRIERS_V1)), GOLD_HELD_OUT);
  const keywords = score(keywordBaseline(), GOLD_HELD_OUT);
  const lines = [
    `| Theme | Answers with it | Rule coder kappa | precision | recall | Keyword list kappa | precision | recall |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ];
  rules.themes.forEach((r, i) => {
    const b = keywords.themes[i];
    lines.push(
      `| ${r.theme} | ${r.goldPositives} | ${k(r.kappa)} | ${pct(r.precision)} | ${pct(r.recall)} | ${k(b.kappa)} | ${pct(b.precision)} | ${pct(b.recall)} |`,
    );
  });
  lines.push(
    `| **Macro average** | ${rules.n} answers | **${k(rules.macroKappa)}** | ${pct(rules.macroPrecision)} | ${pct(rules.macroRecall)} | **${k(keywords.macroKappa)}** | ${pct(keywords.macroPrecision)} | ${pct(keywords.macroRecall)} |`,
  );
  return lines.join('\n');
}
