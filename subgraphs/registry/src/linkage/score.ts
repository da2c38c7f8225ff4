import { LINK_RULES, type LinkRule } from '@coalition/shared/linkage';
import { compareCrossed, compareStraight, FIELDS, rest, type Field, type Pattern, type PreparedEncoding, type Weights } from './compare';

export { dice, prepare, type PreparedEncoding } from './compare';

/** Score thresholds from configuration: auto-link at or above `autoLink`, review from `review`. */
export interface MatchThresholds {
  autoLink: number;
  review: number;
}
export const DEFAULT_THRESHOLDS: MatchThresholds = { autoLink: 12, review: 5 };

/*
 * Fellegi-Sunter agreement weights (roughly log2 of m/u), set by hand and calibrated on the
 * labelled populations in @coalition/demo (see docs/LINKAGE.md). They are the fallback: a backbone
 * can estimate its own from the registry's records (estimate.ts) and switch to those. A partial
 * first-name agreement weighs little on purpose: twins share a surname, a birth date and often a
 * phone, and differ only there.
 */
export const HAND_WEIGHTS: Weights = {
  first: { EXACT: 5, SIMILAR: 3, PARTIAL: 0.5, KNOWN_DIFFERENT: -2, LOW: -2, DIFFERENT: -5 },
  last: { EXACT: 6, SIMILAR: 4.5, PART: 3, PARTIAL: 2.5, LOW: -1, DIFFERENT: -5 },
  dob: { EXACT: 7, SWAPPED: 3, YEAR_NEAR: 2, ONE_PART: 0.5, DIFFERENT: -7 },
  sex: { AGREE: 0.5, DISAGREE: -3, MISSING: 0 },
  ssn4: { AGREE: 6, DISAGREE: -8, MISSING: 0 },
  // People change e-mail addresses and phones: a different one is no evidence either way.
  phone: { AGREE: 2, DISAGREE: 0, MISSING: 0 },
  email: { AGREE: 4, DISAGREE: 0, MISSING: 0 },
  suffix: { AGREE: 1, DISAGREE: -6, ONE_SIDED: -1, MISSING: 0 },
};
/** A swapped first and last name costs a little against agreeing as entered. */
export const CROSSED_NAMES_COST = 1.5;

/** Why a pair that scores high enough must still go to a person rather than link on its own. */
export const BLOCKERS = ['SEX_DIFFERS', 'TWIN_PROFILE', 'SUFFIX_DIFFERS', 'BIRTH_YEAR_NEAR', 'BIRTH_DATE_PART', 'BIRTH_DATE_DIFFERS', 'SSN4_DIFFERS'] as const;
export type Blocker = (typeof BLOCKERS)[number];

export interface MatchScore {
  score: number;
  /** a deterministic rule whose token both records share, if any */
  rule: LinkRule | null;
  /** the names compared first-to-last (a swap of first and last name) */
  crossed: boolean;
  pattern: Pattern;
  /** the score's parts: each field's weight, the crossed-names cost and the name-frequency penalty */
  parts: Record<Field | 'crossedNames' | 'nameFrequency', number>;
  /** reasons the pair may not auto-link, whatever its score */
  blockers: Blocker[];
  /** strong agreement on first name, birth date and an identifier: at least a review, whatever the score */
  reviewAtLeast: boolean;
  /** a twin's profile with first names that cannot be one person's: not worth a reviewer's time */
  twoPeople: boolean;
}

/**
 * Frequency-dependent name weight. Agreeing on a name that n different known people carry
 * narrows the choice to one of n, so the agreement is worth log2(n) bits less than on a name
 * carried by one person. Without this, two namesakes whose birth dates share two of three parts
 * auto-linked once a registry held enough people with common names (see docs/LINKAGE.md).
 */
export function namesakePenalty(namesakes: number): number {
  return Math.log2(Math.max(1, namesakes));
}

const sum = (pattern: Pattern, weights: Weights) => FIELDS.reduce((total, field) => total + (weights[field] as Record<string, number>)[pattern[field]], 0);

/**
 * What keeps a pair out of auto-linking. Each was a wrong auto-link on an independent population
 * (docs/LINKAGE.md): twins (same surname and birth date, first names that differ however
 * slightly, no personal identifier to tell them apart), opposite recorded sex, father and son
 * (Jr/Sr), a birth year off by one without an SSN4 to confirm it.
 */
export function blockersOf(pattern: Pattern): Blocker[] {
  const blockers: Blocker[] = [];
  if (pattern.sex === 'DISAGREE') blockers.push('SEX_DIFFERS');
  const personal = pattern.ssn4 === 'AGREE' || pattern.email === 'AGREE';
  const identified = personal || pattern.phone === 'AGREE';
  // A first name a typo away (PARTIAL, SIMILAR) is left to the score: typos far outnumber twins
  // with near-identical names, and twins' names are usually both known names (KNOWN_DIFFERENT).
  // A different e-mail is no evidence in general (people change them), but under a twin's profile
  // it is the one personal identifier present, and it says two people.
  const nearFirst = pattern.first === 'PARTIAL' || pattern.first === 'SIMILAR';
  if (
    (pattern.first === 'KNOWN_DIFFERENT' || pattern.first === 'LOW' || pattern.first === 'DIFFERENT' || (nearFirst && pattern.email === 'DISAGREE')) &&
    (pattern.last === 'EXACT' || pattern.last === 'SIMILAR') &&
    (pattern.dob === 'EXACT' || pattern.dob === 'SWAPPED') &&
    // An SSN4 tells twins apart; a shared e-mail may be the family's, so not for two known names.
    pattern.ssn4 !== 'AGREE' &&
    (pattern.email !== 'AGREE' || pattern.first === 'KNOWN_DIFFERENT')
  ) {
    blockers.push('TWIN_PROFILE');
  }
  if (pattern.suffix === 'DISAGREE') blockers.push('SUFFIX_DIFFERS');
  if (pattern.dob === 'YEAR_NEAR' && pattern.ssn4 !== 'AGREE') blockers.push('BIRTH_YEAR_NEAR');
  // Namesakes born days apart (a common name) look exactly like one person with a typo in the date.
  if (pattern.dob === 'ONE_PART' && !identified) blockers.push('BIRTH_DATE_PART');
  // Father and son, mother and daughter: the same name, another birth date, a shared phone or
  // e-mail. Only an SSN4 says it is one person whose birth date was entered wrong.
  if (pattern.dob === 'DIFFERENT' && pattern.ssn4 !== 'AGREE') blockers.push('BIRTH_DATE_DIFFERS');
  if (pattern.ssn4 === 'DISAGREE') blockers.push('SSN4_DIFFERS');
  return blockers;
}

/**
 * Twins, not one person: a twin's profile (same surname and birth date, nothing personal in
 * common) with first names far apart, or two different real names of opposite recorded sex
 * (MARIO and MARIA). A review item for each would fill the queue with pairs a reviewer always
 * rejects.
 */
function twoPeople(pattern: Pattern, blockers: readonly Blocker[]): boolean {
  if (!blockers.includes('TWIN_PROFILE')) return false;
  return pattern.first === 'DIFFERENT' || (pattern.sex === 'DISAGREE' && (pattern.first === 'KNOWN_DIFFERENT' || pattern.first === 'LOW'));
}

/**
 * A surname that changed (marriage) or became hyphenated, with the same first name, the exact
 * birth date and a shared SSN4, phone or e-mail, goes to a person even when its score is low.
 */
function reviewAtLeast(pattern: Pattern): boolean {
  return (
    (pattern.first === 'EXACT' || pattern.first === 'SIMILAR') &&
    pattern.dob === 'EXACT' &&
    pattern.ssn4 !== 'DISAGREE' &&
    pattern.sex !== 'DISAGREE' &&
    (pattern.ssn4 === 'AGREE' || pattern.phone === 'AGREE' || pattern.email === 'AGREE')
  );
}

/**
 * Scores a pair. `namesakes` is how many different people (GSIDs) the registry already knows by
 * the incoming record's full name (0 or 1: no penalty). Only the incoming record's name counts:
 * also looking up every candidate's name cost a third more time and gained no precision in a
 * 60,000-person calibration run.
 */
export function scorePair(a: PreparedEncoding, b: PreparedEncoding, namesakes = 1, weights: Weights = HAND_WEIGHTS): MatchScore {
  const x = a.encoding;
  const y = b.encoding;
  const others = rest(x, y);
  const straight = compareStraight(a, b, others);
  const crossedPattern = compareCrossed(a, b, others);
  const straightSum = sum(straight, weights);
  const crossedSum = sum(crossedPattern, weights) - CROSSED_NAMES_COST;
  const crossed = crossedSum > straightSum;
  const pattern = crossed ? crossedPattern : straight;
  const penalty = namesakePenalty(namesakes);
  const score = (crossed ? crossedSum : straightSum) - penalty;
  // Plain assignments: this runs for every candidate of every record (millions per large import).
  const parts = { crossedNames: crossed ? -CROSSED_NAMES_COST : 0, nameFrequency: -penalty } as MatchScore['parts'];
  for (const field of FIELDS) parts[field] = (weights[field] as Record<string, number>)[pattern[field]];
  let rule: LinkRule | null = null;
  for (const name of LINK_RULES) {
    if (x.rules[name] && x.rules[name] === y.rules[name]) {
      rule = name;
      break;
    }
  }
  const blockers = blockersOf(pattern);
  return {
    score: Math.round(score * 100) / 100,
    rule,
    crossed,
    pattern,
    parts,
    blockers,
    reviewAtLeast: reviewAtLeast(pattern),
    twoPeople: twoPeople(pattern, blockers),
  };
}

export type MatchDecision = 'AUTO_LINK' | 'POSSIBLE_MATCH' | 'NEW';
/** With estimated weights: posterior log-odds (bits) from which a pair links without a person. */
export const ESTIMATED_AUTO_LOG_ODDS = 10;

/** An estimate's prior; for the hand-set weights (none), minus the review threshold: even odds there. */
export const priorOf = (priorLogOdds: number | null, thresholds: MatchThresholds) => priorLogOdds ?? -thresholds.review;

/**
 * Nothing blocks it and the score reaches the auto threshold, or a shared deterministic token
 * with a score of at least the review threshold: a link. A blocked pair, a score between the
 * thresholds, or strong agreement under a changed surname: a person decides. Otherwise new.
 *
 * With estimated weights a score is on another scale (bits against random pairs), so it is read
 * with the estimate's prior as posterior log-odds, and the thresholds keep their meaning relative
 * to each other: review from even odds, auto-link from (auto - review) bits above. With the
 * hand-set weights the prior is minus the review threshold, which is the plain comparison.
 */
export function decide(match: MatchScore, thresholds: MatchThresholds, priorLogOdds: number | null = null): MatchDecision {
  if (match.twoPeople) return 'NEW';
  const odds = match.score + priorOf(priorLogOdds, thresholds);
  // A calibrated posterior links on its own only at 1,000 to 1 or better.
  const auto = priorLogOdds === null ? thresholds.autoLink - thresholds.review : Math.max(thresholds.autoLink - thresholds.review, ESTIMATED_AUTO_LOG_ODDS);
  if (!match.blockers.length && odds >= auto) return 'AUTO_LINK';
  if (!match.blockers.length && match.rule && odds >= 0) return 'AUTO_LINK';
  if (odds >= 0 || match.reviewAtLeast) return 'POSSIBLE_MATCH';
  return 'NEW';
}

/**
 * How likely a pair is one person, for ordering the review queue: the score read as log-odds,
 * with even odds at the review threshold unless estimated weights give the prior (estimate.ts).
 */
export function matchProbability(score: number, priorLogOdds: number): number {
  return 1 / (1 + 2 ** -(score + priorLogOdds));
}
