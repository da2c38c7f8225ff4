import { createHash } from 'node:crypto';
import { badInput } from '../errors';

/**
 * A codebook: versioned and immutable like an indicator, it says which themes an open-ended
 * answer to its questions can carry and the rules a coder applies. The same definitions are
 * written out for people in docs/THEMES.md, so an answer can be coded by hand to the same rules.
 */
export interface Codebook {
  code: string;
  version: number;
  /** the question(s) the codebook applies to, as asked */
  questions: string[];
  /** the same questions' codes in partners' survey answers (`survey_answer.question_code`): the answers a partner codes */
  questionCodes: string[];
  themes: ThemeDefinition[];
}

export interface ThemeDefinition {
  code: string;
  label: string;
  /** a barrier to taking part or to work, or something that helped */
  kind: 'BARRIER' | 'HELP';
  definition: string;
  include: string;
  exclude: string;
  /**
   * Rules, each a short phrase of lemmas that must appear in this order within one sentence
   * ("bus late", "childcare"); `*` ends a prefix ("transport*"). A phrase the writer negated
   * ("no problem with transport") does not fire; a rule that starts with "no" or "not" is about
   * a lack ("no car") and fires only when negated.
   */
  rules: string[];
}

/** A rule ready to match: its terms, and whether it is about a lack. */
export interface CompiledRule {
  source: string;
  terms: Array<{ lemma: string; prefix: boolean }>;
  lack: boolean;
}

export interface CompiledTheme extends Omit<ThemeDefinition, 'rules'> {
  rules: CompiledRule[];
}

export interface CompiledCodebook extends Omit<Codebook, 'themes'> {
  themes: CompiledTheme[];
}

const CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
const TERM = /^[a-z][a-z'-]*\*?$/;
const NEGATORS = new Set(['no', 'not', 'never', 'without']);
const MAX_TERMS = 5;

function compileRule(theme: string, index: number, source: unknown): CompiledRule {
  const field = `themes.${theme}.rules[${index}]`;
  if (typeof source !== 'string' || !source.trim()) throw badInput(field, 'is empty');
  const words = source.trim().toLowerCase().split(/\s+/);
  const lack = NEGATORS.has(words[0]);
  const rest = lack ? words.slice(1) : words;
  if (!rest.length) throw badInput(field, `"${source}" negates nothing: add what is lacking ("no car")`);
  if (rest.length > MAX_TERMS) throw badInput(field, `"${source}" has ${rest.length} terms; at most ${MAX_TERMS}`);
  for (const word of rest) {
    if (!TERM.test(word)) throw badInput(field, `"${source}": "${word}" is not a lemma (letters, apostrophe or hyphen, optionally ending in *)`);
    if (word.endsWith('*') && word.length < 5) throw badInput(field, `"${source}": the prefix "${word}" is too short (at least 4 letters before *)`);
  }
  return { source, lack, terms: rest.map((word) => ({ lemma: word.replace(/\*$/, ''), prefix: word.endsWith('*') })) };
}

/**
 * Checks a codebook and compiles its rules. A rule that does not compile is refused here, when
 * the codebook is created, naming the theme and the rule, never later while coding answers.
 */
export function compileCodebook(codebook: Codebook): CompiledCodebook {
  if (!CODE.test(codebook.code ?? '')) throw badInput('code', 'must be 2 to 40 capitals, digits or underscores, starting with a letter');
  if (!Number.isInteger(codebook.version) || codebook.version < 1) throw badInput('version', 'must be a whole number of at least 1');
  if (!Array.isArray(codebook.questions) || !codebook.questions.length) throw badInput('questions', 'name at least one question the codebook applies to');
  if (!Array.isArray(codebook.questionCodes) || !codebook.questionCodes.length || !codebook.questionCodes.every((q) => CODE.test(q ?? ''))) {
    throw badInput('questionCodes', 'name the code of at least one survey question (capitals, digits or underscores, e.g. BARRIERS_HELPS)');
  }
  if (!Array.isArray(codebook.themes) || !codebook.themes.length) throw badInput('themes', 'must hold at least one theme');
  const seen = new Set<string>();
  const themes = codebook.themes.map((theme, i) => {
    if (!CODE.test(theme.code ?? '')) throw badInput(`themes[${i}].code`, 'must be 2 to 40 capitals, digits or underscores, starting with a letter');
    if (seen.has(theme.code)) throw badInput(`themes[${i}].code`, `${theme.code} appears twice`);
    seen.add(theme.code);
    for (const key of ['label', 'definition', 'include', 'exclude'] as const) {
      if (typeof theme[key] !== 'string' || !theme[key].trim()) throw badInput(`themes.${theme.code}.${key}`, 'is empty');
    }
    if (theme.kind !== 'BARRIER' && theme.kind !== 'HELP') throw badInput(`themes.${theme.code}.kind`, 'must be BARRIER or HELP');
    if (!Array.isArray(theme.rules) || !theme.rules.length) throw badInput(`themes.${theme.code}.rules`, 'a theme needs at least one rule');
    return { ...theme, rules: theme.rules.map((rule, r) => compileRule(theme.code, r, rule)) };
  });
  return { ...codebook, themes };
}

/** The digest a codebook version is known by: its canonical JSON (keys sorted), so key order does not matter. */
export function codebookDigest(codebook: Codebook): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify(canonical(codebook)))
    .digest('hex');
}
