import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileCodebook } from '../codebook';
import { ruleCoder } from '../coder';
import { keywordBaseline } from '../keyword-baseline';
import { WORKFORCE_BARRIERS_V1 } from '../workforce-barriers';
import { heldOutTable, score } from './evaluate';
import { GOLD_DEVELOPMENT, GOLD_HELD_OUT, GOLD_SET } from './gold-set';

const codes = new Set(WORKFORCE_BARRIERS_V1.themes.map((t) => t.code));

describe('the hand-coded gold set (WORKFORCE_BARRIERS v1)', () => {
  it('holds at least 400 answers, split into halves by id, every one coded with the codebook’s themes only', () => {
    expect(GOLD_SET.length).toBeGreaterThanOrEqual(400);
    expect(new Set(GOLD_SET.map((a) => a.id)).size).toBe(GOLD_SET.length);
    expect(GOLD_DEVELOPMENT.length + GOLD_HELD_OUT.length).toBe(GOLD_SET.length);
    expect(Math.abs(GOLD_DEVELOPMENT.length - GOLD_HELD_OUT.length)).toBeLessThanOrEqual(2);
    for (const answer of GOLD_SET) for (const theme of answer.themes) expect(codes).toContain(theme);
    // Every theme is in the held-out half often enough to be scored.
    for (const code of codes) expect(GOLD_HELD_OUT.filter((a) => a.themes.includes(code)).length).toBeGreaterThanOrEqual(8);
  });

  it('the rule coder agrees with the hand coding on the held-out half: macro kappa at least 0.75, clearly above a plain keyword list', () => {
    const rules = score(ruleCoder(compileCodebook(WORKFORCE_BARRIERS_V1)), GOLD_HELD_OUT);
    const keywords = score(keywordBaseline(), GOLD_HELD_OUT);
    expect(rules.macroKappa).toBeGreaterThanOrEqual(0.75);
    expect(rules.macroKappa - keywords.macroKappa).toBeGreaterThanOrEqual(0.1);
  });

  it('docs/THEMES.md shows the held-out figures as they are', () => {
    const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'THEMES.md'), 'utf8');
    expect(doc).toContain(heldOutTable());
  });
});
