import { seededRandom } from '@coalition/shared';
import { ANSWER_THEMES, type AnswerStyle, type AnswerTheme, answerStyle, generateAnswer } from './answers';

const DEMO_PARTNERS = ['northside-training', 'bridgeway-placement', 'steadypath-coaching'];

function answers(seed: number, style: AnswerStyle, n: number, waves: Array<'INTAKE' | 'EXIT'> = ['INTAKE', 'EXIT']) {
  const rng = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => generateAnswer(rng, style, waves[i % waves.length]));
}

function themeShare(list: ReturnType<typeof answers>, theme: AnswerTheme): number {
  return list.filter((a) => a.themes.includes(theme)).length / list.length;
}

describe('synthetic free-text survey answers', () => {
  it('are the same for the same seed, and differ for another seed', () => {
    const style = answerStyle('bridgeway-placement');
    expect(answers(42, style, 200)).toEqual(answers(42, style, 200));
    expect(answers(43, style, 200)).not.toEqual(answers(42, style, 200));
  });

  it('vary: 1,000 answers have more than 500 distinct texts', () => {
    const texts = new Set(answers(1, answerStyle('northside-training'), 1000).map((a) => a.text));
    expect(texts.size).toBeGreaterThan(500);
  });

  it('cover every theme, hold 0 to 3 themes, and are never empty', () => {
    const list = DEMO_PARTNERS.flatMap((p, i) => answers(10 + i, answerStyle(p), 1000));
    for (const theme of ANSWER_THEMES) expect(list.some((a) => a.themes.includes(theme))).toBe(true);
    for (const a of list) {
      expect(a.text.trim().length).toBeGreaterThan(0);
      expect(a.themes.length).toBeLessThanOrEqual(3);
      expect(new Set(a.themes).size).toBe(a.themes.length);
    }
    const none = list.filter((a) => a.themes.length === 0).length / list.length;
    expect(none).toBeGreaterThan(0.08);
    expect(none).toBeLessThan(0.25);
  });

  it('are mostly about barriers at intake and mix in what helped at exit', () => {
    const style = answerStyle('northside-training');
    const helps: AnswerTheme[] = ['STAFF_SUPPORT', 'SKILLS_GAINED', 'CONFIDENCE', 'EMPLOYER_CONNECTION'];
    const helpShare = (list: ReturnType<typeof answers>) => {
      const all = list.flatMap((a) => a.themes);
      return all.filter((t) => helps.includes(t)).length / all.length;
    };
    expect(helpShare(answers(5, style, 1000, ['INTAKE']))).toBeLessThan(0.15);
    const exit = helpShare(answers(5, style, 1000, ['EXIT']));
    expect(exit).toBeGreaterThan(0.35);
    expect(exit).toBeLessThan(0.85);
  });

  it('differ across the demo partners in how often themes come up', () => {
    const [north, bridge, steady] = DEMO_PARTNERS.map((p, i) => answers(20 + i, answerStyle(p), 2000));
    for (const theme of ['TRANSPORTATION', 'EMPLOYER_CONNECTION'] as const) {
      expect(themeShare(bridge, theme)).toBeGreaterThan(1.5 * themeShare(north, theme));
      expect(themeShare(bridge, theme)).toBeGreaterThan(1.5 * themeShare(steady, theme));
    }
    for (const theme of ['CONFIDENCE', 'HEALTH'] as const) {
      expect(themeShare(steady, theme)).toBeGreaterThan(1.5 * themeShare(north, theme));
      expect(themeShare(steady, theme)).toBeGreaterThan(1.5 * themeShare(bridge, theme));
    }
    expect(themeShare(north, 'SKILLS_GAINED')).toBeGreaterThan(themeShare(bridge, 'SKILLS_GAINED'));
    expect(bridge.some((a) => /^Client /.test(a.text))).toBe(true);
    expect(north.some((a) => /^Client /.test(a.text))).toBe(false);
  });

  it('give any partner id a style, the same each time, and different ids different styles', () => {
    expect(answerStyle('riverbend-jobs')).toEqual(answerStyle('riverbend-jobs'));
    expect(answerStyle('riverbend-jobs')).not.toEqual(answerStyle('lakeside-works'));
    const style = answerStyle('riverbend-jobs');
    for (const theme of ANSWER_THEMES) expect(style.themeWeights[theme]).toBeGreaterThan(0);
    expect(style.typoRate).toBeGreaterThanOrEqual(0);
    expect(answers(3, style, 50).every((a) => a.text.length > 0)).toBe(true);
  });

  it('leave a theme out of the truth when the text says it was not a problem', () => {
    const negations: Array<[RegExp, AnswerTheme]> = [
      [/transportation was not a problem|getting there was never an issue|have a car so transport was fine/i, 'TRANSPORTATION'],
      [/childcare was not/i, 'CHILDCARE'],
      [/housing has been stable|housing was fine/i, 'HOUSING'],
      [/health was not a problem|health-wise/i, 'HEALTH'],
      [/money was not really the issue|doing ok with money/i, 'FINANCIAL_STRAIN'],
      [/schedule worked fine|class times were not a problem/i, 'SCHEDULING'],
      [/internet was not an issue|have a laptop so that was fine/i, 'DIGITAL_ACCESS'],
      [/nobody treated (me|them) unfairly|never felt judged/i, 'DISCRIMINATION'],
    ];
    const list = answers(7, { ...answerStyle('steadypath-coaching'), typoRate: 0 }, 2000);
    let seen = 0;
    for (const a of list) {
      for (const [phrase, theme] of negations) {
        if (!phrase.test(a.text)) continue;
        seen++;
        expect(a.themes).not.toContain(theme);
      }
    }
    expect(seen).toBeGreaterThan(50);
    expect(list.some((a) => a.themes.length === 0 && negations.some(([phrase]) => phrase.test(a.text)))).toBe(true);
  });

  it('inject typos at the partner rate and none at rate zero', () => {
    const clean = answers(9, { ...answerStyle('bridgeway-placement'), typoRate: 0 }, 300);
    const noisy = answers(9, { ...answerStyle('bridgeway-placement'), typoRate: 0.2 }, 300);
    const changed = noisy.filter((a, i) => a.text !== clean[i].text).length;
    expect(changed).toBeGreaterThan(150);
    expect(noisy.map((a) => a.themes)).toEqual(clean.map((a) => a.themes));
  });

  it('hold no digits (so no phone numbers or street numbers)', () => {
    const list = DEMO_PARTNERS.flatMap((p, i) => answers(30 + i, answerStyle(p), 500));
    for (const a of list) expect(a.text).not.toMatch(/\d/);
  });
});
