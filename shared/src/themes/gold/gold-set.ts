import goldA from './gold-a.json';
import goldB from './gold-b.json';

/** One answer of the gold set, coded by hand to the definitions in docs/THEMES.md. */
export interface GoldAnswer {
  id: string;
  answer: string;
  themes: string[];
}

/**
 * The WORKFORCE_BARRIERS v1 gold set: 420 answers written as participants and caseworkers write
 * them, coded by hand from the definitions (not by the coder, whose rules the coders did not read).
 * Split by id: odd numbers are the development half (rules may be tuned on them), even numbers
 * the held-out half (only ever scored).
 */
export const GOLD_SET: readonly GoldAnswer[] = [...(goldA as GoldAnswer[]), ...(goldB as GoldAnswer[])];

const numberOf = (id: string) => Number(id.slice(1));
export const GOLD_DEVELOPMENT = GOLD_SET.filter((a) => numberOf(a.id) % 2 === 1);
export const GOLD_HELD_OUT = GOLD_SET.filter((a) => numberOf(a.id) % 2 === 0);
