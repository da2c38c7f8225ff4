import type { Coding, ThemeCoder } from './coder';
import { WORKFORCE_BARRIERS_V1 } from './workforce-barriers';

/**
 * A plain keyword list per WORKFORCE_BARRIERS v1 theme, the kind a program officer writes in ten
 * minutes from the theme labels and "Include" notes. It is a baseline to measure the rule coder
 * against, not a coder to use: no negation ("transportation was not a problem" still codes
 * TRANSPORTATION), no context, and prefixes over-match ("car" also fires on "career").
 */
export const BASELINE_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  TRANSPORTATION: ['bus', 'car', 'transportation', 'transport', 'ride', 'commute', 'gas', 'license'],
  CHILDCARE: ['childcare', 'daycare', 'babysitter', 'kids', 'children', 'school'],
  HOUSING: ['housing', 'rent', 'homeless', 'shelter', 'evicted', 'eviction', 'move', 'apartment'],
  HEALTH: ['health', 'sick', 'illness', 'injury', 'surgery', 'depression', 'anxiety', 'doctor', 'medication', 'disability'],
  FINANCIAL_STRAIN: ['money', 'bills', 'debt', 'afford', 'income', 'pay', 'fees', 'broke', 'financial'],
  SCHEDULING: ['schedule', 'shift', 'hours', 'time', 'conflict', 'appointment'],
  DIGITAL_ACCESS: ['internet', 'wifi', 'computer', 'laptop', 'phone', 'online', 'email'],
  DISCRIMINATION: ['discrimination', 'discriminated', 'racism', 'racist', 'ageism', 'bias', 'record', 'background', 'unfair'],
  STAFF_SUPPORT: ['staff', 'coach', 'mentor', 'counselor', 'caseworker', 'manager', 'helped', 'support'],
  SKILLS_GAINED: ['skill', 'learn', 'training', 'certificate', 'certification', 'certified', 'resume', 'interview'],
  CONFIDENCE: ['confidence', 'confident', 'believe', 'motivated', 'motivation', 'hope', 'proud', 'afraid'],
  EMPLOYER_CONNECTION: ['employer', 'hire', 'fair', 'apprenticeship', 'placement', 'interview', 'company'],
};

/** Lower-cased words, split on anything that is not a letter ("don't" is "don" and "t"). */
const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/\P{L}+/u)
    .filter(Boolean);

/**
 * The keyword baseline: a theme is coded when one of its keywords is a word of the answer or the
 * start of one ("bus" matches "buses", not "abuse"); the rule recorded is that keyword. Themes
 * come in codebook order. Empty answers are refused as the rule coder refuses them.
 */
export function keywordBaseline(): ThemeCoder {
  return {
    id: 'keywords@1',
    code(text: string): Coding {
      if (typeof text !== 'string' || !text.trim()) return { status: 'REFUSED', reason: 'EMPTY', message: 'the answer is empty' };
      const words = wordsOf(text);
      const themes: Array<{ code: string; rule: string }> = [];
      for (const { code } of WORKFORCE_BARRIERS_V1.themes) {
        const keyword = (BASELINE_KEYWORDS[code] ?? []).find((k) => words.some((w) => w.startsWith(k)));
        if (keyword !== undefined) themes.push({ code, rule: keyword });
      }
      return { status: 'CODED', themes };
    },
  };
}
